import type { Simulator } from '@wawp-gateway/gateway/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  changesOf,
  cursorsOf,
  labelOf,
  strictlyIncreasing,
  type WireEvent,
} from '../utils/event-stream';
import { createLeftovers } from '../utils/leftovers';
import type { TestSchema } from '../utils/pg-schema';
import { gapsOf, type SimControl } from '../utils/simulator-control';
import { sleep, waitFor } from '../utils/wait';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import {
  infoAtSimulator,
  infoSentBy,
  type ReplicaProcess,
  sessionAction,
  startReplicaProcess,
  startReplicaWorld,
  startTestGateway,
  type TestGateway,
  watchAsAdmin,
} from './support';

const TOKEN = 'replicas-webhook-token';
/** The poll interval of both replicas (and the lease retry period of the one not polling). */
const INTERVAL_MS = 2_000;

const leftovers = createLeftovers();
let simulator: Simulator;
let sim: SimControl;
let db: TestSchema;
let a: ReplicaProcess;
let b: TestGateway;
let adminKey: string;

beforeAll(async () => {
  // timeScale 5: boot 0.6 s, the first QR lives 12 s and the next ones 4 s
  const world = await startReplicaWorld(leftovers, {
    name: 'replicas',
    timeScale: 5,
    instances: 2,
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
});

afterAll(() => leftovers.disposeAll());

const watch = (url: string, id: string) => watchAsAdmin(leftovers, url, adminKey, id);

/**
 * Backends holding the lease (session-level advisory lock) of `instanceId`, whichever replica
 * they serve: the stores' lock connections are named `…:leases` (transition locks are taken by
 * pool connections and are left out).
 */
const leaseHolders = async (instanceId: string) => {
  const { rows } = await db.pool.query<{ pid: number }>(
    `select l.pid from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.objsubid = 2 and l.granted
        and a.application_name like '%:leases'
        and l.objid = ((hashtext($1)::int8 + 4294967296) % 4294967296)::oid`,
    [instanceId],
  );
  return rows.map((row) => row.pid);
};

it('delivers a webhook posted to replica A to a subscriber on replica B, once', {
  timeout: 30_000,
}, async () => {
  const [, id] = simulator.instanceIds() as [string, string];
  const onB = watch(b.url, id);
  await onB.take(1);
  expect(onB.events[0]).toMatchObject({
    __typename: 'SessionSnapshot',
    session: { status: 'STOPPED' },
  });

  // a STARTING claim is a harmless hint: published as is (B's next poll brings STOPPED back)
  const delivery = sessionStatusEnvelope({ instanceId: id, status: 'STARTING' });
  const posted = await postWebhook(a.url, delivery, { token: TOKEN });
  expect(posted).toMatchObject({ status: 202, body: { status: 'accepted' } });
  const fromWebhook = (e: WireEvent) => e.source === 'WEBHOOK';
  await onB.until((events) => events.some(fromWebhook), 10_000);
  expect(onB.events.filter(fromWebhook).map(labelOf)).toEqual(['STARTING']);
  // the same delivery again, to either replica, is a duplicate
  expect((await postWebhook(b.url, delivery, { token: TOKEN })).body).toEqual({
    status: 'duplicate',
  });
  expect((await postWebhook(a.url, delivery, { token: TOKEN })).body).toEqual({
    status: 'duplicate',
  });
  await sleep(1_000);
  expect(onB.events.filter(fromWebhook)).toHaveLength(1);
  expect(strictlyIncreasing(cursorsOf(onB.events))).toBe(true);
});

it('polls from one replica only, and moves polling to the survivor within one interval when it is killed', {
  timeout: 60_000,
}, async () => {
  const [id] = simulator.instanceIds() as [string];
  // A is watched first, so A's poller takes the lease; B's retries it every interval
  const onA = watch(a.url, id);
  await onA.take(1);
  await waitFor(async () => (await leaseHolders(id)).length === 1, 5_000);
  const onB = watch(b.url, id);
  await onB.take(1);
  const snapshot = onB.events[0]!;
  expect(snapshot.__typename).toBe('SessionSnapshot');

  await sessionAction(b.url, adminKey, 'startSession', id);
  await onB.until((events) => events.some((e) => e.__typename === 'QrCodeUpdated'), 15_000);

  // one poller: A's. B holds no lease and sends no session/info for the instance
  const from = Date.now();
  await sleep(3 * INTERVAL_MS);
  const to = Date.now();
  const polls = await infoAtSimulator(sim, id, from, to);
  expect(polls.length).toBeGreaterThanOrEqual(2);
  expect(polls.length).toBeLessThanOrEqual((to - from) / INTERVAL_MS + 1);
  expect(infoSentBy(b, id, from)).toEqual([]);
  expect(b.gateway.store.leases.held()).not.toContain(id);
  const [holder] = await leaseHolders(id);
  expect(await leaseHolders(id)).toHaveLength(1);

  // kill A: no drain, no release; its lock connection dies with it
  const lastBeforeKill = Number(onB.events.at(-1)!.cursor);
  const killedAt = Date.now();
  await a.kill();
  await waitFor(() => infoSentBy(b, id, killedAt).length > 0, 3 * INTERVAL_MS);
  const takeoverMs = infoSentBy(b, id, killedAt)[0]! - killedAt;
  console.log(`replica A killed: B polled the instance ${takeoverMs} ms later`);
  expect(takeoverMs).toBeLessThanOrEqual(INTERVAL_MS + 500);
  expect(b.gateway.store.leases.held()).toContain(id);
  const holders = await leaseHolders(id);
  expect(holders).toHaveLength(1);
  expect(holders[0]).not.toBe(holder);

  // B's own poller now produces the events: the next QR rotation reaches B's subscriber
  await onB.until(
    (events) =>
      events.some((e) => e.__typename === 'QrCodeUpdated' && Number(e.cursor) > lastBeforeKill),
    15_000,
  );
  // one poller again (the exact 2 s floor is poll-floor.test.ts's business)
  const survivorPolls = await infoAtSimulator(sim, id, killedAt);
  expect(Math.min(...gapsOf(survivorPolls))).toBeGreaterThanOrEqual(INTERVAL_MS - 50);

  // nothing lost, nothing twice: B's subscriber saw exactly the stored log after its snapshot
  const stored = await b.gateway.store.events.readAfter({
    afterSeq: Number(snapshot.cursor),
    instanceIds: [id],
  });
  const seen = changesOf(onB.events);
  expect(cursorsOf(seen)).toEqual(stored.map((e) => Number(e.cursor)));
  expect(seen.map(labelOf)).toEqual(
    expect.arrayContaining(['STARTING', 'SCAN_QR_CODE', 'QrCodeUpdated']),
  );
  expect(strictlyIncreasing(cursorsOf(onB.events))).toBe(true);
});
