import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFixtures, type TestDatabase, waitFor } from '../testing/store-fixtures';
import type { Store } from './store-types';

describe.each(storeFixtures)('leases on $name', (fixture) => {
  let database: TestDatabase;
  let a: Store;
  beforeEach(async () => {
    database = await fixture.createDatabase();
    a = await database.open({ applicationName: `${database.schema}_a` });
  });
  afterEach(() => database.dispose());

  it('acquires re-entrantly, tracks what it holds, releases', async () => {
    expect(await a.leases.tryAcquire('x')).toBe(true);
    expect(await a.leases.tryAcquire('x')).toBe(true);
    expect(await Promise.all([a.leases.tryAcquire('y'), a.leases.tryAcquire('y')])).toEqual([
      true,
      true,
    ]);
    expect(a.leases.held().sort()).toEqual(['x', 'y']);
    await a.leases.release('x');
    await a.leases.release('never-held');
    expect(a.leases.held()).toEqual(['y']);
    await a.leases.releaseAll();
    expect(a.leases.held()).toEqual([]);
  });

  it.runIf(fixture.shared)(
    'gives each instance to one replica until it releases or closes',
    async () => {
      const b = await database.open({ applicationName: `${database.schema}_b` });
      expect(await a.leases.tryAcquire('x')).toBe(true);
      expect(await a.leases.tryAcquire('x')).toBe(true); // re-entrant: must not stack a second lock
      expect(await b.leases.tryAcquire('x')).toBe(false);
      expect(await b.leases.tryAcquire('y')).toBe(true);
      expect(await a.leases.tryAcquire('y')).toBe(false);
      await a.leases.release('x'); // one release frees it
      expect(await b.leases.tryAcquire('x')).toBe(true);
      await b.leases.releaseAll();
      expect(await a.leases.tryAcquire('x')).toBe(true);
      expect(await b.leases.tryAcquire('x')).toBe(false);
      await a.close();
      expect(await b.leases.tryAcquire('x')).toBe(true);
    },
  );

  it.runIf(fixture.shared)('frees the leases of a replica whose connection dies', async () => {
    const b = await database.open({ applicationName: `${database.schema}_b` });
    const lost: string[][] = [];
    a.leases.onLost((ids) => lost.push(ids.sort()));
    expect(await a.leases.tryAcquire('x')).toBe(true);
    expect(await a.leases.tryAcquire('y')).toBe(true);
    expect(await database.terminate(`${database.schema}_a:leases`)).toBe(1);
    await waitFor(() => lost.length === 1);
    expect(lost).toEqual([['x', 'y']]);
    expect(a.leases.held()).toEqual([]);
    expect(await b.leases.tryAcquire('x')).toBe(true);
    expect(await a.leases.tryAcquire('x')).toBe(false); // a fresh connection, still told no
    expect(await a.leases.tryAcquire('y')).toBe(true);
  });

  it.runIf(fixture.shared)('does not collide with stores on another schema', async () => {
    const elsewhere = await fixture.createDatabase();
    try {
      const stranger = await elsewhere.open();
      expect(await a.leases.tryAcquire('x')).toBe(true);
      expect(await stranger.leases.tryAcquire('x')).toBe(true);
    } finally {
      await elsewhere.dispose();
    }
  });
});
