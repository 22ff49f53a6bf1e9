/**
 * A session stuck in STARTING (the simulator's `stuckStarting` fault) for longer than
 * `watchdogStartingMs` is restarted by the gateway exactly once (one `session/restart` in the
 * simulator's request log, although it stays stuck), announced as a GATEWAY event.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { changesOf, subscribeEvents } from '../utils/event-stream';
import type { Harness } from '../utils/gateway-harness';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { simControl } from '../utils/simulator-control';
import { sleep, waitFor } from '../utils/wait';
import { sessionAction, startGatewayOnPostgres } from './support';

const WATCHDOG_MS = 3_000;

const leftovers = createLeftovers();
let h: Harness;

beforeAll(async () => {
  h = await startGatewayOnPostgres(leftovers, {
    simulator: { timeScale: 10, instances: 2 },
    config: { watchdogStartingMs: WATCHDOG_MS },
  });
});

afterAll(() => leftovers.disposeAll());

it('restarts a session stuck in STARTING exactly once, as a GATEWAY event', {
  timeout: 40_000,
}, async () => {
  const sim = simControl(h.simUrl);
  const [id, other] = h.gateway.simulator!.instanceIds() as [string, string];
  await sim.fault({ instanceId: id, stuckStarting: true });
  const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
  const stream = leftovers.add(subscribeEvents(connection, { id }), (s) => s.stop());
  // a healthy session watched alongside: the watchdog leaves it alone
  const healthy = leftovers.add(subscribeEvents(connection, { id: other }), (s) => s.stop());
  await Promise.all([stream, healthy].map((s) => s.take(1)));

  const startedAt = Date.now();
  for (const instanceId of [id, other]) {
    await sessionAction(h.url, h.adminKey, 'startSession', instanceId);
  }
  const restarts = async (instanceId: string) =>
    (await sim.requests(instanceId)).filter((r) => r.path.endsWith('/session/restart'));
  const [restart] = await waitFor(async () => {
    const found = await restarts(id);
    return found.length > 0 ? found : null;
  }, 15_000);
  // not before the session had been STARTING for the configured time
  expect(restart!.timestamp - startedAt).toBeGreaterThanOrEqual(WATCHDOG_MS);
  expect(restart!.status).toBe(200);

  // the restart, told by the gateway (a restarted STARTING session stays STARTING: no diff)
  const byGateway = (events: typeof stream.events) =>
    changesOf(events).filter(
      (e) => e.source === 'GATEWAY' && e.status === 'STARTING' && e.previousStatus === 'STARTING',
    );
  await stream.until((events) => byGateway(events).length > 0, 10_000);
  expect(byGateway(stream.events)[0]?.__typename).toBe('SessionStatusChanged');

  // still stuck: another watchdog period and more passes without a second restart
  await sleep(2 * WATCHDOG_MS + 2_000);
  expect(await restarts(id)).toHaveLength(1);
  expect(byGateway(stream.events)).toHaveLength(1);
  expect((await sim.instance(id))?.status).toBe('STARTING');
  expect(await restarts(other)).toEqual([]);
  expect(byGateway(healthy.events)).toEqual([]);
});
