/**
 * End to end over graphql-ws: 200 subscribers of one moving instance cost one poller (no two
 * `session/info` calls within 2 s, one poller's worth in total, none once the last subscriber
 * leaves); and a WORKING instance whose webhooks arrive is polled measurably less often than one
 * whose webhooks are dropped (10 s vs 5 s: the gateway's `poll-schedule.ts`).
 *
 * The two tests run concurrently on different instances, so the file costs one 20 s window.
 */
import { afterAll, beforeAll, describe, it } from 'vitest';
import { type EventStream, has, isStatus, subscribeEvents } from '../utils/event-stream';
import type { Harness } from '../utils/gateway-harness';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { gapsOf, type SimControl, simControl } from '../utils/simulator-control';
import { sleep } from '../utils/wait';
import { infoAtSimulator, sessionAction, startGatewayOnPostgres } from './support';

const SUBSCRIBERS = 200;
/** graphql-ws subscriptions one socket may hold (`LIMITS.subscriptionsPerSocket`). */
const PER_SOCKET = 20;
const WINDOW_MS = 20_000;
const FLOOR_MS = 2_000;

const leftovers = createLeftovers();
let h: Harness;
let sim: SimControl;
let ids: [string, string, string];

beforeAll(async () => {
  h = await startGatewayOnPostgres(leftovers, {
    simulator: { timeScale: 10, instances: 3 },
    // the watchdog would restart the stuck session of the first test
    config: { watchdogStartingMs: 0 },
  });
  sim = simControl(h.simUrl);
  ids = h.gateway.simulator!.instanceIds() as [string, string, string];
});

afterAll(() => leftovers.disposeAll());

const startSession = (id: string) => sessionAction(h.url, h.adminKey, 'startSession', id);

describe.concurrent('polling cost', () => {
  it('polls once for 200 subscribers of one STARTING instance, never twice within 2 s', {
    timeout: 60_000,
  }, async ({ expect }) => {
    const id = ids[0];
    // stuck in STARTING: polled at the 2 s base interval the whole window
    await sim.fault({ instanceId: id, stuckStarting: true });
    const t0 = Date.now();
    const streams: EventStream[] = [];
    for (let socket = 0; socket < SUBSCRIBERS / PER_SOCKET; socket += 1) {
      const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) =>
        c.dispose(),
      );
      for (let i = 0; i < PER_SOCKET; i += 1) {
        streams.push(leftovers.add(subscribeEvents(connection, { id }), (s) => s.stop()));
      }
    }
    await Promise.all(streams.map((s) => s.take(1)));
    expect(streams.every((s) => s.events[0]?.__typename === 'SessionSnapshot')).toBe(true);

    await startSession(id);
    await Promise.all(streams.map((s) => s.until(has(isStatus('STARTING')))));
    await sleep(t0 + WINDOW_MS - Date.now());
    const calls = await infoAtSimulator(sim, id, t0);
    const gaps = gapsOf(calls);
    console.log(
      `200 subscribers, ${WINDOW_MS / 1000} s: ${calls.length} session/info calls, gaps ${gaps.join(', ')} ms`,
    );
    // it does poll (a dead poller would pass the other checks)…
    expect(calls.length).toBeGreaterThanOrEqual(5);
    // …one poller's worth: at most one call per 2 s, plus the subscribe-time read
    expect(calls.length).toBeLessThanOrEqual(WINDOW_MS / FLOOR_MS + 2);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FLOOR_MS);
    // every subscriber saw the same single STARTING change
    for (const stream of streams) {
      expect(stream.events.filter((e) => e.__typename === 'SessionStatusChanged')).toHaveLength(1);
    }

    // the last subscriber leaving stops the poller
    for (const stream of streams) {
      stream.stop();
    }
    const left = Date.now();
    await sleep(3 * FLOOR_MS);
    // a tick already in flight may still land just after the unsubscribe
    expect(await infoAtSimulator(sim, id, left + 500)).toEqual([]);
  });

  it('polls a WORKING instance less often while its webhooks arrive', {
    timeout: 90_000,
  }, async ({ expect }) => {
    const [, withHooks, withoutHooks] = ids;
    // the simulator drops every session.status delivery of this instance: polling only
    await sim.fault({ instanceId: withoutHooks, webhookDrop: true });
    const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
    const streams = [withHooks, withoutHooks].map((id) =>
      leftovers.add(subscribeEvents(connection, { id }), (s) => s.stop()),
    );
    await Promise.all(streams.map((s) => s.take(1)));
    await Promise.all([withHooks, withoutHooks].map(startSession));
    await Promise.all(streams.map((s) => s.until(has(isStatus('SCAN_QR_CODE')))));
    await Promise.all([withHooks, withoutHooks].map((id) => sim.scan(id)));
    await Promise.all(streams.map((s) => s.until(has(isStatus('WORKING')))));
    expect(streams[0]!.events.some((e) => e.source === 'WEBHOOK')).toBe(true);
    expect(streams[1]!.events.some((e) => e.source === 'WEBHOOK')).toBe(false);

    const from = Date.now() + 1_000;
    const window = 22_000;
    await sleep(from + window - Date.now());
    const hooked = await infoAtSimulator(sim, withHooks, from, from + window);
    const dropped = await infoAtSimulator(sim, withoutHooks, from, from + window);
    const mean = (times: number[]) => {
      const gaps = gapsOf(times);
      return gaps.length ? Math.round(gaps.reduce((a, b) => a + b, 0) / gaps.length) : Number.NaN;
    };
    console.log(
      `WORKING, ${window / 1000} s: ${hooked.length} session/info calls with webhooks arriving (mean gap ${mean(hooked)} ms), ${dropped.length} with webhooks dropped (mean gap ${mean(dropped)} ms)`,
    );
    expect(hooked.length).toBeGreaterThanOrEqual(2);
    expect(dropped.length).toBeGreaterThanOrEqual(2);
    expect(hooked.length).toBeLessThan(dropped.length);
    expect(mean(hooked)).toBeGreaterThanOrEqual(1.5 * mean(dropped));
  });
});
