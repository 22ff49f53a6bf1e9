/**
 * Two replicas on one Postgres, both cold, each asked for the same instances at once (a stream
 * over graphql-ws on one, over SSE on the other, and `sessionInfo` queries on both for a while):
 * each replica would read Wawp for itself, and its own read gate keeps the floor only between
 * its own reads. The claims the replicas share (`wawp_read_claims`) keep it between them too:
 * Wawp never sees two `session/info` reads of one instance within 2 s, whoever sent them.
 */
import type { Simulator } from '@wawp-gateway/gateway/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EventStream, subscribeEvents } from '../utils/event-stream';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { gapsOf, type SimControl } from '../utils/simulator-control';
import { openSse, type SseStream } from '../utils/sse';
import { sleep } from '../utils/wait';
import { startReplicaWorld, startTestGateway, type TestGateway } from './support';

const INSTANCES = 12;
const FLOOR_MS = 2_000;
/** How long both replicas keep being asked for every instance's `sessionInfo`. */
const QUERYING_MS = 7_000;
const QUERY_EVERY_MS = 250;

const leftovers = createLeftovers();
let simulator: Simulator;
let sim: SimControl;
let a: TestGateway;
let b: TestGateway;
let adminKey: string;

beforeAll(async () => {
  const world = await startReplicaWorld(leftovers, {
    name: 'read_floor',
    timeScale: 5,
    instances: INSTANCES,
    pollIntervalMs: 3_000,
    config: { maxStreamsPerKey: 1_000 },
  });
  ({ simulator, sim, adminKey } = world);
  const start = () =>
    startTestGateway({ simulator, config: world.config, databaseSchema: world.db.schema });
  [a, b] = await Promise.all([start(), start()]);
  leftovers.add(a, (t) => t.gateway.stop());
  leftovers.add(b, (t) => t.gateway.stop());
}, 60_000);

afterAll(() => leftovers.disposeAll());

const sessionInfo = (url: string, id: string) =>
  gql<{ sessionInfo: { status: string } }>(
    url,
    adminKey,
    'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
    { id },
  ).then(dataOf);

it('two cold replicas asked for the same instances never read one within the floor of the other', {
  timeout: 60_000,
}, async () => {
  const ids = simulator.instanceIds();
  await sim.clearRequests();
  const ws = leftovers.add(connectWs(a.url, `Bearer ${adminKey}`), (c) => c.dispose());
  const onA: EventStream[] = ids.map((id) => subscribeEvents(ws, { id }));
  const onB: SseStream[] = await Promise.all(ids.map((id) => openSse(b.url, adminKey, { id })));
  for (const stream of onB) {
    leftovers.add(stream, (s) => s.close());
  }
  const asked: Promise<unknown>[] = [];
  const until = Date.now() + QUERYING_MS;
  while (Date.now() < until) {
    for (const id of ids) {
      asked.push(sessionInfo(a.url, id), sessionInfo(b.url, id));
    }
    await sleep(QUERY_EVERY_MS);
  }
  await Promise.all(asked);

  await Promise.all(onA.map((stream) => stream.take(1, 30_000)));
  await Promise.all(onB.map((stream) => stream.until((s) => s.events.length > 0, 30_000)));
  expect([...onA.flatMap((s) => s.errors), ...onB.flatMap((s) => s.errors)]).toEqual([]);
  expect(onA.map((s) => s.events[0]?.__typename)).toEqual(ids.map(() => 'SessionSnapshot'));
  expect(onB.map((s) => s.events[0]?.__typename)).toEqual(ids.map(() => 'SessionSnapshot'));

  // both replicas did read Wawp (the floor is kept between them, not by one doing all reads)
  const sentBy = (gateway: TestGateway) =>
    gateway.upstream.filter((r) => r.url.includes('/session/info')).length;
  expect(sentBy(a)).toBeGreaterThan(0);
  expect(sentBy(b)).toBeGreaterThan(0);

  // and the replicas say how often a read waited for the other one
  const metric = async (gateway: TestGateway, name: string) => {
    const text = await (await fetch(`${gateway.url}/metrics`)).text();
    return Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? Number.NaN);
  };
  // every read sent was claimed first (the pollers go on meanwhile: count sends on both sides)
  const sentBefore = sentBy(a) + sentBy(b);
  const claimed =
    (await metric(a, 'wawp_read_claims_total')) + (await metric(b, 'wawp_read_claims_total'));
  const refused =
    (await metric(a, 'wawp_read_claims_refused_total')) +
    (await metric(b, 'wawp_read_claims_refused_total'));
  expect(claimed).toBeGreaterThanOrEqual(sentBefore);
  expect(claimed).toBeLessThanOrEqual(sentBy(a) + sentBy(b));
  expect(refused).toBeGreaterThan(0);

  const requests = await sim.requests();
  for (const id of ids) {
    const times = requests
      .filter((r) => r.path === '/v2/session/info' && r.instance_id === id)
      .map((r) => r.timestamp)
      .sort((x, y) => x - y);
    // queried for 7 s: at least the first read and one after the floor
    expect(times.length).toBeGreaterThanOrEqual(2);
    expect(Math.min(...gapsOf(times)), `reads of ${id}`).toBeGreaterThanOrEqual(FLOOR_MS);
  }
});
