import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFixtures, type TestDatabase, waitFor } from '../testing/store-fixtures';
import { type LeaseRig, pgliteLeaseRig, postgresLeaseRig } from './lease-rig';

/** Short leases: valid 400 ms after a confirmed renewal, renewed every 200 ms, expiring at 600 ms. */
const TIMING = { expiryMs: 600, marginMs: 200 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once `attempt()` resolves `true`, trying every 20 ms; rejects after `timeoutMs`. */
async function until(attempt: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await attempt())) {
    if (Date.now() > deadline) {
      throw new Error(`not done within ${timeoutMs} ms`);
    }
    await sleep(20);
  }
}

describe.each(storeFixtures)('expiring poll leases on $name', (fixture) => {
  let database: TestDatabase | null = null;
  let rig: LeaseRig;
  beforeEach(async () => {
    if (fixture.shared) {
      // a store migrates the schema; the rig's owners then use connections of their own
      database = await fixture.createDatabase();
      await database.open();
      rig = await postgresLeaseRig(database.schema);
    } else {
      rig = await pgliteLeaseRig(`t_${Math.random().toString(16).slice(2, 10)}`);
    }
  });
  afterEach(async () => {
    await rig.close();
    await database?.dispose();
    database = null;
  });

  const row = async (instanceId: string) => {
    const [found] = await rig.sql<{ owner: string; epoch: number }>(
      'select owner, epoch::int as epoch from poll_leases where instance_id = $1',
      [instanceId],
    );
    return found ?? null;
  };

  it('acquires a free lease, refuses a held one, and keeps it renewed past its expiry', async () => {
    const a = await rig.owner('a');
    const b = await rig.owner('b');
    expect(await a.leases.tryAcquire('x', TIMING)).toBe(true);
    expect(await a.leases.tryAcquire('x', TIMING)).toBe(true);
    expect(await b.leases.tryAcquire('x', TIMING)).toBe(false);
    expect(await row('x')).toEqual({ owner: 'a', epoch: 1 });
    await sleep(3 * TIMING.expiryMs);
    expect(a.leases.held()).toEqual(['x']);
    expect([a.leases.holds('x'), b.leases.holds('x')]).toEqual([true, false]);
    expect(a.lost).toEqual([]);
    expect(await b.leases.tryAcquire('x', TIMING)).toBe(false);
    expect(await row('x')).toEqual({ owner: 'a', epoch: 1 });
  });

  it('is taken over once a stopped owner lets it expire, which drops it first', async () => {
    const a = await rig.owner('a');
    const b = await rig.owner('b');
    expect(await a.leases.tryAcquire('x', TIMING)).toBe(true);
    a.session.pause(); // renewals no longer reach the database, the connection stays up
    const pausedAt = Date.now();
    expect(await b.leases.tryAcquire('x', TIMING)).toBe(false);
    await waitFor(() => a.lost.length > 0, 2_000);
    const droppedAfter = Date.now() - pausedAt;
    expect(a.lost).toEqual([['x']]);
    expect(a.leases.held()).toEqual([]);
    expect(a.leases.holds('x')).toBe(false);
    expect(droppedAfter).toBeLessThan(TIMING.expiryMs);

    let takenAfter = 0;
    for (let i = 0; i < 200 && takenAfter === 0; i++) {
      if (await b.leases.tryAcquire('x', TIMING)) {
        takenAfter = Date.now() - pausedAt;
      } else {
        await sleep(20);
      }
    }
    expect(takenAfter).toBeGreaterThan(droppedAfter);
    expect(takenAfter).toBeLessThan(TIMING.expiryMs + 500);
    expect(await row('x')).toEqual({ owner: 'b', epoch: 2 });

    // back: its stale renewals change nothing, and the lease is b's
    a.session.resume();
    expect(await a.leases.tryAcquire('x', TIMING)).toBe(false);
    await sleep(TIMING.expiryMs);
    expect(await row('x')).toEqual({ owner: 'b', epoch: 2 });
    expect(b.leases.held()).toEqual(['x']);
  });

  it('fences off an owner whose lease was taken: its renewal fails and it reports the loss', async () => {
    const a = await rig.owner('a');
    const b = await rig.owner('b');
    expect(await a.leases.tryAcquire('x', TIMING)).toBe(true);
    expect(await a.leases.tryAcquire('y', TIMING)).toBe(true);
    // as if the database had seen no renewal of x for a while (a's clock knows nothing of it)
    await rig.sql(
      "update poll_leases set expires_at = now() - interval '1 second' where instance_id = 'x'",
    );
    expect(await b.leases.tryAcquire('x', TIMING)).toBe(true);
    expect(await row('x')).toEqual({ owner: 'b', epoch: 2 });
    await waitFor(() => a.lost.length > 0, 2_000);
    expect(a.lost).toEqual([['x']]);
    expect(a.leases.held()).toEqual(['y']);
    expect(await a.leases.tryAcquire('x', TIMING)).toBe(false);
    expect(await row('x')).toEqual({ owner: 'b', epoch: 2 });
  });

  it('frees a released lease at once', async () => {
    const a = await rig.owner('a');
    const b = await rig.owner('b');
    expect(await a.leases.tryAcquire('x', { expiryMs: 60_000 })).toBe(true);
    expect(await b.leases.tryAcquire('x', TIMING)).toBe(false);
    await a.leases.release('x');
    expect(await row('x')).toBeNull();
    expect(await b.leases.tryAcquire('x', TIMING)).toBe(true);
    expect(await row('x')).toEqual({ owner: 'b', epoch: 1 });
    expect(a.lost).toEqual([]);
  });

  it.runIf(fixture.shared)(
    'moves at once when the owner’s connection dies (its advisory lock goes with it)',
    async () => {
      const a = await rig.owner('a');
      const b = await rig.owner('b');
      expect(await a.leases.tryAcquire('x', { expiryMs: 60_000 })).toBe(true);
      expect(await b.leases.tryAcquire('x', TIMING)).toBe(false);
      await rig.terminate('a');
      await waitFor(() => a.lost.length > 0, 2_000);
      expect(await b.leases.tryAcquire('x', TIMING)).toBe(true);
      expect(await row('x')).toEqual({ owner: 'b', epoch: 2 });
      // a, on a fresh connection, is refused: b holds both the row and the lock
      expect(await a.leases.tryAcquire('x', TIMING)).toBe(false);
    },
  );

  it.runIf(fixture.shared)(
    'takes the advisory lock later when it took over without it, so a crash then moves at once',
    async () => {
      const a = await rig.owner('a');
      const b = await rig.owner('b');
      const c = await rig.owner('c');
      expect(await a.leases.tryAcquire('x', TIMING)).toBe(true);
      a.session.pause();
      await waitFor(() => a.lost.length > 0, 2_000);
      await until(() => b.leases.tryAcquire('x', TIMING), 2_000);
      a.session.resume(); // a gives its lock back; b's next renewal takes it
      await sleep(2 * TIMING.expiryMs);
      const [locked] = await rig.sql<{ locked: boolean }>(
        "select locked from poll_leases where instance_id = 'x'",
      );
      expect(locked).toEqual({ locked: true });
      await rig.terminate('b');
      await waitFor(() => b.lost.length > 0, 2_000);
      expect(await c.leases.tryAcquire('x', { expiryMs: 60_000 })).toBe(true);
      expect(await row('x')).toEqual({ owner: 'c', epoch: 3 });
    },
  );
});
