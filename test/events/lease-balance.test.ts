/**
 * Poll leases are first come, first served: a replica that starts after another already polls
 * every instance would, left alone, never poll any. With the balancer, the first replica hands
 * half of them over (the new one subscribes to the same instances, over SSE where the first uses
 * graphql-ws), each instance stays polled by one replica, and Wawp still never sees two reads of
 * one instance within 2 s across the move.
 */
import type { Simulator } from '@wawp-gateway/gateway/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EventStream, subscribeEvents } from '../utils/event-stream';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { gapsOf, type SimControl } from '../utils/simulator-control';
import { openSse, type SseStream } from '../utils/sse';
import { sleep, waitFor } from '../utils/wait';
import {
  infoSentBy,
  type ReplicaWorld,
  startReplicaWorld,
  startTestGateway,
  type TestGateway,
} from './support';

const INSTANCES = 12;
const POLL_MS = 3_000;
const FLOOR_MS = 2_000;
/** How often an instance at rest is polled (gateway/src/events/polling/poll-schedule.ts). */
const STOPPED_POLL_MS = 10_000;

const leftovers = createLeftovers();
let world: ReplicaWorld;
let simulator: Simulator;
let sim: SimControl;

beforeAll(async () => {
  world = await startReplicaWorld(leftovers, {
    name: 'lease_balance',
    timeScale: 5,
    instances: INSTANCES,
    pollIntervalMs: POLL_MS,
    config: { maxStreamsPerKey: 1_000 },
  });
  ({ simulator, sim } = world);
}, 60_000);

afterAll(() => leftovers.disposeAll());

const start = async () =>
  leftovers.add(
    await startTestGateway({
      simulator,
      config: world.config,
      databaseSchema: world.db.schema,
    }),
    (t) => t.gateway.stop(),
  );

const metric = async (gateway: TestGateway, name: string) => {
  const text = await (await fetch(`${gateway.url}/metrics`)).text();
  return Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? Number.NaN);
};
const polled = (gateway: TestGateway) => metric(gateway, 'wawp_polled_instances');

it('a replica that joins later gets half of the leases, and no instance is read within the floor', {
  timeout: 90_000,
}, async () => {
  const ids = simulator.instanceIds();
  await sim.clearRequests();
  const a = await start();
  const ws = leftovers.add(connectWs(a.url, `Bearer ${world.adminKey}`), (c) => c.dispose());
  const onA: EventStream[] = ids.map((id) => subscribeEvents(ws, { id }));
  await Promise.all(onA.map((stream) => stream.take(1, 30_000)));
  await waitFor(async () => (await polled(a)) === INSTANCES, 20_000);

  const b = await start();
  const onB: SseStream[] = await Promise.all(
    ids.map((id) => openSse(b.url, world.adminKey, { id })),
  );
  for (const stream of onB) {
    leftovers.add(stream, (s) => s.close());
  }
  const joinedAt = Date.now();
  await waitFor(
    async () => (await polled(a)) === INSTANCES / 2 && (await polled(b)) === INSTANCES / 2,
    30_000,
  );
  const balancedAt = Date.now();
  expect(await metric(a, 'wawp_poll_leases_handed_over_total')).toBe(INSTANCES / 2);
  expect(await metric(b, 'wawp_poll_leases_handed_over_total')).toBe(0);
  expect(await metric(b, 'wawp_gateway_replicas')).toBe(2);

  // settled: a STOPPED instance's poll interval (10 s, jittered) later, each read by one replica
  await sleep(STOPPED_POLL_MS * 1.25);
  expect([await polled(a), await polled(b)]).toEqual([INSTANCES / 2, INSTANCES / 2]);
  expect(await metric(a, 'wawp_poll_leases_handed_over_total')).toBe(INSTANCES / 2);
  const movedToB = ids.filter((id) => infoSentBy(b, id, balancedAt + 1_000).length > 0);
  expect(movedToB).toHaveLength(INSTANCES / 2);
  for (const id of movedToB) {
    expect(infoSentBy(a, id, balancedAt + 1_000), `${id} polled by both`).toEqual([]);
  }

  expect([...onA.flatMap((s) => s.errors), ...onB.flatMap((s) => s.errors)]).toEqual([]);
  const requests = await sim.requests();
  for (const id of ids) {
    const times = requests
      .filter((r) => r.path === '/v2/session/info' && r.instance_id === id)
      .map((r) => r.timestamp)
      .sort((x, y) => x - y);
    expect(Math.min(...gapsOf(times)), `reads of ${id}`).toBeGreaterThanOrEqual(FLOOR_MS);
    // polled all along: no gap longer than a STOPPED interval and a lease move
    const since = times.filter((t) => t >= joinedAt - POLL_MS);
    expect(Math.max(...gapsOf(since)), `reads of ${id}`).toBeLessThan(
      STOPPED_POLL_MS * 1.25 + 2 * POLL_MS,
    );
  }
});
