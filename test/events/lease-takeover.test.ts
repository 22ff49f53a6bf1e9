import type { Simulator } from '@wawp-gateway/gateway/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import type { TestSchema } from '../utils/pg-schema';
import { type RecordingProxy, startRecordingProxy } from '../utils/recording-proxy';
import { gapsOf, type SimControl } from '../utils/simulator-control';
import { sleep, waitFor } from '../utils/wait';
import {
  infoAtSimulator,
  type ReplicaProcess,
  sessionAction,
  startReplicaProcess,
  startReplicaWorld,
  watchAsAdmin,
} from './support';

const INTERVAL_MS = 2_000;
/** What the poll manager derives from the interval (3 ×). */
const LEASE_EXPIRY_MS = 3 * INTERVAL_MS;
const FLOOR_MS = 2_000;

const leftovers = createLeftovers();
let simulator: Simulator;
let sim: SimControl;
let db: TestSchema;
let proxyOfA: RecordingProxy;
let a: ReplicaProcess;
let b: ReplicaProcess;
let adminKey: string;

beforeAll(async () => {
  // timeScale 2: the session stays in SCAN_QR_CODE (polled every interval) for over a minute
  const world = await startReplicaWorld(leftovers, {
    name: 'lease',
    timeScale: 2,
    instances: 1,
    pollIntervalMs: INTERVAL_MS,
  });
  ({ simulator, sim, db, adminKey } = world);
  const { config } = world;
  proxyOfA = leftovers.add(await startRecordingProxy(simulator.url), (p) => p.stop());
  [a, b] = await Promise.all([
    startReplicaProcess({
      config: { ...config, wawpBaseUrl: proxyOfA.url },
      databaseSchema: db.schema,
    }),
    startReplicaProcess({ config, databaseSchema: db.schema }),
  ]);
  leftovers.add(a, (replica) => replica.kill());
  leftovers.add(b, (replica) => replica.kill());
}, 45_000);

afterAll(() => leftovers.disposeAll());

const watch = (url: string, id: string) => watchAsAdmin(leftovers, url, adminKey, id);

/** The process (by pid) whose store holds the lease row of `instanceId`, if unexpired. */
const leaseOwner = async (instanceId: string) => {
  const { rows } = await db.pool.query<{ owner: string }>(
    `select owner from "${db.schema}".poll_leases where instance_id = $1 and expires_at > now()`,
    [instanceId],
  );
  const pid = Number(rows[0]?.owner.split(':').at(-2));
  return pid === a.child.pid ? 'a' : pid === b.child.pid ? 'b' : null;
};

const infoFromA = (id: string, from: number) =>
  proxyOfA.requests.filter(
    (r) => r.path.endsWith('/session/info') && r.instanceId === id && r.at >= from,
  );

it('moves polling off a stopped replica within the lease expiry plus an interval, and never doubles it', {
  timeout: 60_000,
}, async () => {
  const [id] = simulator.instanceIds() as [string];
  const start = Date.now();
  const onA = watch(a.url, id);
  await onA.take(1);
  await waitFor(async () => (await leaseOwner(id)) === 'a', 5_000);
  const onB = watch(b.url, id);
  await onB.take(1);
  await sessionAction(a.url, adminKey, 'startSession', id);
  await waitFor(async () => (await sim.instance(id))?.status === 'SCAN_QR_CODE', 10_000);
  await sleep(2 * INTERVAL_MS);
  expect(await leaseOwner(id)).toBe('a');

  // freeze A right after one of its polls
  const polledBefore = infoFromA(id, start).length;
  await waitFor(() => infoFromA(id, start).length > polledBefore, 2 * INTERVAL_MS, 10);
  process.kill(a.child.pid!, 'SIGSTOP');
  const stoppedAt = Date.now();
  await waitFor(async () => (await leaseOwner(id)) === 'b', LEASE_EXPIRY_MS + 2 * INTERVAL_MS);
  // anything the simulator hears a moment after the freeze is B's
  const byB = await waitFor(
    async () => (await infoAtSimulator(sim, id, stoppedAt + 300))[0],
    3_000,
  );
  const takeoverMs = byB - stoppedAt;
  console.log(`replica A stopped: B polled the instance ${takeoverMs} ms later`);
  expect(takeoverMs).toBeGreaterThan(LEASE_EXPIRY_MS / 2);
  expect(takeoverMs).toBeLessThanOrEqual(LEASE_EXPIRY_MS + INTERVAL_MS + 500);

  await sleep(INTERVAL_MS);
  process.kill(a.child.pid!, 'SIGCONT');
  const continuedAt = Date.now();
  await sleep(4 * INTERVAL_MS);
  const end = Date.now();
  expect(infoFromA(id, stoppedAt)).toEqual([]);
  expect(await leaseOwner(id)).toBe('b');
  const afterContinue = await infoAtSimulator(sim, id, continuedAt, end);
  expect(afterContinue.length).toBeGreaterThanOrEqual(3);
  expect(afterContinue.length).toBeLessThanOrEqual((end - continuedAt) / FLOOR_MS + 1);

  const all = await infoAtSimulator(sim, id, start, end);
  expect(Math.min(...gapsOf(all))).toBeGreaterThanOrEqual(FLOOR_MS);
  expect(a.output()).toContain('poll leases lost');
});
