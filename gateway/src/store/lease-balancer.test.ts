import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFixtures, type TestDatabase } from '../testing/store-fixtures';
import { type LeaseRig, postgresLeaseRig, type RigLeases } from './lease-rig';

const TIMING = { expiryMs: 3_000, marginMs: 1_000 };
/** Balancing rounds every 100 ms: a store is counted while seen within the last 300 ms. */
const BALANCED = { balanceEveryMs: 100 };
const IDS = Array.from({ length: 30 }, (_, i) => `i${String(i).padStart(2, '0')}`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `check()` holds, trying every 50 ms; rejects with `what()` after `timeoutMs`. */
async function until(check: () => boolean, what: () => string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`not within ${timeoutMs} ms: ${what()}`);
    }
    await sleep(50);
  }
}

const postgres = storeFixtures.find((fixture) => fixture.shared);

describe.runIf(postgres)('balanced poll leases on Postgres', () => {
  let database: TestDatabase;
  let rig: LeaseRig;
  const loops: (() => void)[] = [];
  beforeEach(async () => {
    database = await (postgres as (typeof storeFixtures)[number]).createDatabase();
    // a store migrates the schema, then leaves (it would count as a replica)
    await (await database.open()).close();
    rig = await postgresLeaseRig(database.schema);
  });
  afterEach(async () => {
    for (const stop of loops.splice(0)) {
      stop();
    }
    await rig.close();
    await database.dispose();
  });

  /** What a replica's poll loops do: ask for each lease every 100 ms (answered locally when held). */
  const poll = (store: RigLeases, ids: readonly string[]) => {
    const timer = setInterval(() => {
      for (const id of ids) {
        void store.leases.tryAcquire(id, TIMING).catch(() => {});
      }
    }, 100);
    loops.push(() => clearInterval(timer));
  };
  const counts = (...stores: RigLeases[]) => stores.map((store) => store.leases.held().length);
  const owners = async () =>
    rig.sql<{ owner: string; n: number }>(
      'select owner, count(*)::int as n from poll_leases group by owner order by owner',
    );

  /** A store `a` that took every lease first, and keeps polling them. */
  const holdingAll = async (options: object) => {
    const a = await rig.owner('a', options);
    for (const id of IDS) {
      expect(await a.leases.tryAcquire(id, TIMING)).toBe(true);
    }
    poll(a, IDS);
    return a;
  };

  /** `a` polls every instance first; then `b` and `c` start and want them all. */
  const startLopsided = async (options: object) => {
    const a = await holdingAll(options);
    const b = await rig.owner('b', options);
    const c = await rig.owner('c', options);
    poll(b, IDS);
    poll(c, IDS);
    return { a, b, c };
  };

  it('spreads one store’s leases over the stores that would poll them, one owner each', async () => {
    const { a, b, c } = await startLopsided(BALANCED);
    await until(
      () => counts(a, b, c).join() === '10,10,10',
      () => `held ${counts(a, b, c).join('/')}`,
    );
    const held = [a, b, c].flatMap((store) => store.leases.held());
    expect(new Set(held).size).toBe(IDS.length); // no instance polled twice
    expect(await owners()).toEqual([
      { owner: 'a', n: 10 },
      { owner: 'b', n: 10 },
      { owner: 'c', n: 10 },
    ]);
    // the giver was told at once of each lease it no longer holds
    expect(new Set(a.lost.flat())).toEqual(
      new Set([...a.lost.flat(), ...IDS.filter((id) => !a.leases.holds(id))]),
    );
    expect(a.leases.balancing()).toMatchObject({ replicas: 3, handedOver: 20 });
    // balanced: nothing moves any more
    await sleep(1_000);
    expect(counts(a, b, c)).toEqual([10, 10, 10]);
    expect(a.leases.balancing()?.handedOver).toBe(20);
  });

  it('leaves leases where they were taken when not balancing (the control)', async () => {
    const { a, b, c } = await startLopsided({});
    await sleep(2_000);
    expect(counts(a, b, c)).toEqual([30, 0, 0]);
    expect(a.leases.balancing()).toBeNull();
  });

  it('hands over only leases the asker would poll, and none to a store that wants none', async () => {
    const a = await holdingAll(BALANCED);
    const idle = await rig.owner('idle', BALANCED);
    const few = await rig.owner('few', BALANCED);
    poll(few, IDS.slice(0, 4));
    await until(
      () => counts(few).join() === '4',
      () => `held ${counts(a, idle, few).join('/')}`,
    );
    await sleep(1_000);
    expect(counts(a, idle, few)).toEqual([26, 0, 4]);
    expect(few.leases.held().sort()).toEqual(IDS.slice(0, 4));
    expect(a.leases.balancing()?.replicas).toBe(3);
  });

  it('stops counting a store that leaves, and rebalances over the rest', async () => {
    const { a, b, c } = await startLopsided(BALANCED);
    await until(
      () => counts(a, b, c).join() === '10,10,10',
      () => `held ${counts(a, b, c).join('/')}`,
    );
    loops.pop()?.(); // c's loops stop, then c shuts down: its leases are free at once
    await c.leases.releaseAll();
    expect(
      (await rig.sql<{ owner: string }>('select owner from gateway_replicas')).map((r) => r.owner),
    ).not.toContain('c');
    await until(
      () => counts(a, b).join() === '15,15',
      () => `held ${counts(a, b, c).join('/')}`,
    );
    expect(a.leases.balancing()?.replicas).toBe(2);
  });

  it('does not count a store that stopped answering, nor hand it leases', async () => {
    const a = await holdingAll(BALANCED);
    const stuck = await rig.owner('stuck', BALANCED);
    await until(
      () => a.leases.balancing()?.replicas === 2,
      () => `replicas ${a.leases.balancing()?.replicas}`,
    );
    stuck.session.pause(); // as if its process were stopped: no more heartbeats
    await until(
      () => a.leases.balancing()?.replicas === 1,
      () => `replicas ${a.leases.balancing()?.replicas}`,
    );
    // a request it left behind is not granted while it is not seen
    await rig.sql("update poll_leases set wanted_by = 'stuck' where instance_id = any($1)", [
      IDS.slice(0, 5),
    ]);
    await sleep(500);
    expect(counts(a)).toEqual([30]);
    stuck.session.resume();
  });
});
