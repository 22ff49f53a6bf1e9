/**
 * A gateway that holds no state yet (first start, a fresh database) and a dashboard that opens a
 * stream for each of many instances at once, or lists them: each needs one Wawp read per
 * instance, far more than the Wawp client's per-tenant queue holds (concurrency 2 here, so one
 * call in flight and 8 waiting per share). Every stream still gets its snapshot and the list
 * every session: those reads wait for a slot instead of failing with "too many calls waiting",
 * and Wawp still sees each instance read once, never twice within the poll floor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { type EventStream, subscribeEvents } from '../utils/event-stream';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs, type WsConnection } from '../utils/graphql-ws-client';
import { simControl } from '../utils/simulator-control';
import { openSse, type SseStream } from '../utils/sse';

const INSTANCES = 30;
/** Far above the 1 + 8 one share may have in flight and waiting with concurrency 2. */
const WAWP_CONCURRENCY = 2;
const READ_DELAY_MS = 40;

let h: Harness | undefined;

/** A gateway whose `session/info` reads take `READ_DELAY_MS`, so the queue really fills. */
async function startColdGateway(): Promise<Harness & { ids: string[] }> {
  h = await startGateway({
    config: { maxStreamsPerKey: 1_000 },
    simulator: { instances: INSTANCES, quota: INSTANCES },
    wawp: { concurrency: WAWP_CONCURRENCY },
    wrapFetch: (forward) => async (input, init) => {
      if (String(input instanceof Request ? input.url : input).includes('/session/info')) {
        await new Promise((resolve) => setTimeout(resolve, READ_DELAY_MS));
      }
      return forward(input, init);
    },
  });
  const ids = h.gateway.simulator?.instanceIds() ?? [];
  expect(ids).toHaveLength(INSTANCES);
  await simControl(h.simUrl).clearRequests();
  return Object.assign(h, { ids });
}

/**
 * Every instance was read from Wawp, and none twice within the poll floor (2 s; the poller may
 * read again after it, a slow test machine may take that long). Arrival times at the simulator
 * may be closer than the gateway's send times by a few ms of scheduling.
 */
async function expectEveryInstanceReadOncePerFloor(harness: Harness): Promise<void> {
  const times = new Map<string, number[]>();
  for (const entry of await simControl(harness.simUrl).requests()) {
    if (entry.path === '/v2/session/info' && entry.instance_id) {
      times.set(entry.instance_id, [...(times.get(entry.instance_id) ?? []), entry.timestamp]);
    }
  }
  expect(times.size).toBe(INSTANCES);
  const gaps = [...times.values()].flatMap((at) =>
    at
      .sort((a, b) => a - b)
      .slice(1)
      .map((t, i) => t - (at[i] as number)),
  );
  expect(Math.min(Infinity, ...gaps)).toBeGreaterThanOrEqual(1_900);
}

afterEach(async () => {
  await h?.stop();
  h = undefined;
});

describe('a cold gateway and many instances at once', () => {
  it('graphql-ws: every stream of 30 instances gets its snapshot, with one Wawp read each per floor', async () => {
    const gw = await startColdGateway();
    const sockets: WsConnection[] = [];
    const streams: EventStream[] = [];
    // 15 per socket stays under the socket's 20 subscriptions and its message burst
    for (let first = 0; first < INSTANCES; first += 15) {
      const ws = connectWs(gw.url, `Bearer ${gw.adminKey}`);
      sockets.push(ws);
      for (const id of gw.ids.slice(first, first + 15)) {
        streams.push(subscribeEvents(ws, { id }));
      }
    }
    try {
      const firsts = await Promise.all(streams.map((stream) => stream.take(1, 30_000)));
      expect(streams.flatMap((stream) => stream.errors)).toEqual([]);
      expect(firsts.map(([event]) => event?.__typename)).toEqual(
        Array(INSTANCES).fill('SessionSnapshot'),
      );
      await expectEveryInstanceReadOncePerFloor(gw);
    } finally {
      await Promise.all(sockets.map((ws) => ws.dispose()));
    }
  });

  it('SSE: every stream of 30 instances gets its snapshot, with one Wawp read each per floor', async () => {
    const gw = await startColdGateway();
    const streams: SseStream[] = await Promise.all(
      gw.ids.map((id) => openSse(gw.url, gw.adminKey, { id })),
    );
    try {
      expect(streams.map((stream) => stream.status)).toEqual(Array(INSTANCES).fill(200));
      await Promise.all(streams.map((stream) => stream.until((s) => s.events.length > 0, 30_000)));
      expect(streams.flatMap((stream) => stream.errors)).toEqual([]);
      expect(streams.map((stream) => stream.events[0]?.__typename)).toEqual(
        Array(INSTANCES).fill('SessionSnapshot'),
      );
      await expectEveryInstanceReadOncePerFloor(gw);
    } finally {
      for (const stream of streams) {
        stream.close();
      }
    }
  });

  it('a list of 30 cold instances answers every session, with one Wawp read each per floor', async () => {
    const gw = await startColdGateway();
    const result = await gql<{ instances: { instanceId: string; session: { status: string } }[] }>(
      gw.url,
      gw.adminKey,
      '{ instances { instanceId session { status } } }',
    );
    const { instances } = dataOf(result);
    expect(instances).toHaveLength(INSTANCES);
    expect(instances.every((instance) => typeof instance.session.status === 'string')).toBe(true);
    await expectEveryInstanceReadOncePerFloor(gw);
  });
});
