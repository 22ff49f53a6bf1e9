import type { Simulator } from '@wawp-gateway/gateway/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { cursorsOf, strictlyIncreasing } from '../utils/event-stream';
import { createLeftovers } from '../utils/leftovers';
import { terminateBackendsOf } from '../utils/pg-backends';
import type { TestSchema } from '../utils/pg-schema';
import { gapsOf, type SimControl } from '../utils/simulator-control';
import { sleep, waitFor } from '../utils/wait';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import {
  infoAtSimulator,
  type ReplicaProcess,
  sessionAction,
  startReplicaProcess,
  startReplicaWorld,
  startTestGateway,
  type TestGateway,
  watchAsAdmin,
} from './support';

const TOKEN = 'termination-webhook-token';
const INTERVAL_MS = 2_000;
const FLOOR_MS = 2_000;

const leftovers = createLeftovers();
let simulator: Simulator;
let sim: SimControl;
let db: TestSchema;
let a: ReplicaProcess;
let b: TestGateway;
let adminKey: string;

beforeAll(async () => {
  const world = await startReplicaWorld(leftovers, {
    name: 'pgterm',
    timeScale: 2,
    instances: 1,
    pollIntervalMs: INTERVAL_MS,
    config: { webhookTokens: [TOKEN] },
  });
  ({ simulator, sim, db, adminKey } = world);
  const { config } = world;
  b = leftovers.add(await startTestGateway({ simulator, config, databaseSchema: db.schema }), (t) =>
    t.gateway.stop(),
  );
  a = leftovers.add(await startReplicaProcess({ config, databaseSchema: db.schema }), (replica) =>
    replica.kill(),
  );
}, 45_000);

afterAll(() => leftovers.disposeAll());

const watch = (url: string, id: string) => watchAsAdmin(leftovers, url, adminKey, id);

const leaseOwnerPid = async (instanceId: string) => {
  const { rows } = await db.pool.query<{ owner: string }>(
    `select owner from "${db.schema}".poll_leases where instance_id = $1 and expires_at > now()`,
    [instanceId],
  );
  return Number(rows[0]?.owner.split(':').at(-2));
};

it('gets LISTEN and the lease back after its connections are killed, missing no event', {
  timeout: 60_000,
}, async () => {
  const [id] = simulator.instanceIds() as [string];
  const serverPort = Number(new URL(db.databaseUrl).port || 5432);
  const start = Date.now();
  const onA = watch(a.url, id);
  const [snapshot] = await onA.take(1);
  await waitFor(async () => (await leaseOwnerPid(id)) === a.child.pid, 5_000);

  // kill A's connections every 100 ms for 1.5 s; B starts the session in the middle of it
  const terminated = new Set<string>();
  let acted: Promise<unknown> | null = null;
  const outageStart = Date.now();
  while (Date.now() - outageStart < 1_500) {
    for (const name of await terminateBackendsOf(db.pool, a.child.pid!, serverPort)) {
      terminated.add(name);
    }
    acted ??= sessionAction(b.url, adminKey, 'startSession', id);
    await sleep(100);
  }
  await acted;
  expect([...terminated].sort()).toEqual(
    expect.arrayContaining(['wawp-gateway:leases', 'wawp-gateway:listen']),
  );
  const recoveredAt = Date.now();

  // the events B appended meanwhile arrive; A polls again (its lease is back)
  await onA.until((events) => events.some((e) => e.status === 'STARTING'), 15_000);
  await waitFor(async () => (await leaseOwnerPid(id)) === a.child.pid, 3 * INTERVAL_MS);
  await waitFor(async () => (await infoAtSimulator(sim, id, recoveredAt)).length >= 2, 10_000);
  await onA.until((events) => events.some((e) => e.status === 'SCAN_QR_CODE'), 15_000);

  // LISTEN is live again: an event appended by B reaches A without A appending anything
  const mark = Number(onA.events.at(-1)!.cursor);
  const delivery = sessionStatusEnvelope({ instanceId: id, status: 'STARTING' });
  expect((await postWebhook(b.url, delivery, { token: TOKEN })).status).toBe(202);
  await onA.until(
    (events) => events.some((e) => Number(e.cursor) > mark && e.source === 'WEBHOOK'),
    5_000,
  );
  await sleep(1_000);
  const end = Date.now();

  // exactly the stored log after the snapshot, each event once, in order
  const stored = await b.gateway.store.events.readAfter({
    afterSeq: Number(snapshot!.cursor),
    instanceIds: [id],
  });
  const seen = onA.events.slice(1);
  expect(cursorsOf(seen)).toEqual(stored.map((e) => Number(e.cursor)));
  expect(strictlyIncreasing(cursorsOf(onA.events))).toBe(true);
  // one poller throughout: A, whose lease came back to it
  const polls = await infoAtSimulator(sim, id, start, end);
  expect(Math.min(...gapsOf(polls))).toBeGreaterThanOrEqual(FLOOR_MS);
  expect(a.output()).toContain('LISTEN connection lost');
});
