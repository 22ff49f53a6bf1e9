import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { pgliteFixture, postgresFixture, type TestDatabase } from '../testing/store-fixtures';
import type { ReadClaims, Store } from './store-types';

const HOLD_MS = 5_000;
const FLOOR_MS = 300;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Wawp read claims on postgres', () => {
  let database: TestDatabase;
  let a: ReadClaims;
  let b: ReadClaims;
  beforeEach(async () => {
    database = await postgresFixture.createDatabase();
    const [storeA, storeB] = await Promise.all([database.open(), database.open()]);
    a = storeA.readClaims as ReadClaims;
    b = storeB.readClaims as ReadClaims;
  });
  afterEach(() => database.dispose());

  it('gives a key to one store at a time, held until settled, then closed for the floor', async () => {
    expect(await a.claim('session/info:i1', HOLD_MS)).toBe(0);
    // held: the other store (and a second claim of the holder) waits for about the hold
    const heldFor = await b.claim('session/info:i1', HOLD_MS);
    expect(heldFor).toBeGreaterThan(HOLD_MS - 1_000);
    expect(heldFor).toBeLessThanOrEqual(HOLD_MS);
    expect(await a.claim('session/info:i1', HOLD_MS)).toBeGreaterThan(0);
    // another key, or another route of the same instance, is free
    expect(await b.claim('session/info:i2', HOLD_MS)).toBe(0);
    expect(await b.claim('auth/qr:i1', HOLD_MS)).toBe(0);

    a.settle('session/info:i1', FLOOR_MS);
    await sleep(50);
    const closedFor = await b.claim('session/info:i1', HOLD_MS);
    expect(closedFor).toBeGreaterThan(0);
    expect(closedFor).toBeLessThanOrEqual(FLOOR_MS);
    await sleep(closedFor + 20);
    expect(await b.claim('session/info:i1', HOLD_MS)).toBe(0);
  });

  it("never lets a store's settlement shorten another store's claim", async () => {
    expect(await a.claim('k', 200)).toBe(0);
    await sleep(250); // a's hold ran out (as if a had died mid-read)
    expect(await b.claim('k', HOLD_MS)).toBe(0);
    a.settle('k', 0);
    await sleep(50);
    expect(await a.claim('k', HOLD_MS)).toBeGreaterThan(HOLD_MS - 1_000);
  });

  it('answers the claims of one tick together, one winner per key', async () => {
    const keys = Array.from({ length: 200 }, (_, i) => `session/info:batch-${i}`);
    const first = await Promise.all(keys.map((key) => a.claim(key, HOLD_MS)));
    expect(first.filter((wait) => wait === 0)).toHaveLength(200);
    const again = await Promise.all(keys.map((key) => b.claim(key, HOLD_MS)));
    expect(again.every((wait) => wait > 0)).toBe(true);
    expect(a.stats()).toEqual({ claimed: 200, refused: 0 });
    expect(b.stats()).toEqual({ claimed: 0, refused: 200 });
    // the same key twice in one tick: the first is claimed, the repeat refused
    const twice = await Promise.all([b.claim('dup', HOLD_MS), b.claim('dup', HOLD_MS)]);
    expect(twice[0]).toBe(0);
    expect(twice[1]).toBeGreaterThan(0);
  });

  it('splits keys raced for by two stores, in any order, without deadlocks', async () => {
    const keys = Array.from({ length: 300 }, (_, i) => `session/info:race-${i}`);
    for (let round = 0; round < 3; round++) {
      const [ofA, ofB] = await Promise.all([
        Promise.all(keys.map((key) => a.claim(key, 100))),
        Promise.all([...keys].reverse().map((key) => b.claim(key, 100))),
      ]);
      const winsOfB = [...ofB].reverse();
      keys.forEach((_, i) => {
        expect([ofA[i], winsOfB[i]].filter((wait) => wait === 0)).toHaveLength(1);
      });
      // settling in opposite orders while the other claims again must not deadlock either
      for (const key of keys) {
        a.settle(key, 0);
      }
      for (const key of [...keys].reverse()) {
        b.settle(key, 0);
      }
      await sleep(150);
    }
  });
});

describe('Wawp read claims on pglite', () => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await pgliteFixture.createDatabase();
    store = await database.open();
  });
  afterEach(() => database.dispose());

  it('are not kept: one process owns the database, its read gates keep the floor', () => {
    expect(store.readClaims).toBeNull();
  });
});
