import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeEventOfEachKind, makeStatusChanged } from '../testing/sample-events';
import { storeFixtures, type TestDatabase } from '../testing/store-fixtures';
import type { Store } from './store-types';

const seqs = (events: { cursor: string }[]) => events.map((e) => Number(e.cursor));

describe.each(storeFixtures)('event log on $name', (fixture) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await fixture.createDatabase();
    store = await database.open();
  });
  afterEach(() => database.dispose());

  it('appends every kind and reads it back identically, in order', async () => {
    const input = makeEventOfEachKind('i1');
    const appended = [];
    for (const event of input) {
      appended.push(await store.events.append(event));
    }
    expect(seqs(appended)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(appended).toEqual(input.map((e, i) => ({ ...e, cursor: String(i + 1) })));
    expect(await store.events.readAfter({ afterSeq: 0 })).toEqual(appended);
    expect(await store.events.readAfter({ afterSeq: 6 })).toEqual(appended.slice(6));
    expect(await store.events.readAfter({ afterSeq: 2, limit: 3 })).toEqual(appended.slice(2, 5));
    expect(await store.events.latestSeq()).toBe(8);
  });

  it('filters by instance', async () => {
    for (const id of ['a', 'b', 'c', 'a', 'b', 'a']) {
      await store.events.append(makeStatusChanged(id));
    }
    expect(seqs(await store.events.readAfter({ afterSeq: 0, instanceIds: ['a'] }))).toEqual([
      1, 4, 6,
    ]);
    expect(seqs(await store.events.readAfter({ afterSeq: 1, instanceIds: ['a', 'c'] }))).toEqual([
      3, 4, 6,
    ]);
    expect(await store.events.readAfter({ afterSeq: 0, instanceIds: [] })).toEqual([]);
    expect(seqs(await store.events.readAfter({ afterSeq: 0, instanceIds: null }))).toHaveLength(6);
  });

  it('gives 200 concurrent appends across 5 instances gapless, strictly increasing seqs', async () => {
    const ids = ['i0', 'i1', 'i2', 'i3', 'i4'];
    const appended = await Promise.all(
      Array.from({ length: 200 }, (_, n) => store.events.append(makeStatusChanged(ids[n % 5]!))),
    );
    expect(new Set(seqs(appended)).size).toBe(200);
    const read = await store.events.readAfter({ afterSeq: 0, limit: 500 });
    expect(seqs(read)).toEqual(Array.from({ length: 200 }, (_, n) => n + 1));
    for (const id of ids) {
      const perInstance = seqs(read.filter((e) => e.instanceId === id));
      expect(perInstance).toHaveLength(40);
      expect(perInstance).toEqual([...perInstance].sort((x, y) => x - y));
    }
    expect(await store.events.latestSeq()).toBe(200);
  });

  it('prunes per instance and by age, and knows which cursors can resume', async () => {
    expect(await store.events.oldestSeq()).toBeNull();
    expect(await store.events.latestSeq()).toBe(0);
    for (let n = 0; n < 10; n++) {
      await store.events.append(makeStatusChanged('a')); // seqs 1..10
    }
    for (let n = 0; n < 3; n++) {
      await store.events.append(makeStatusChanged('b')); // seqs 11..13
    }
    expect(await store.events.canResume({ afterSeq: 0, instanceIds: ['a'] })).toBe(true);

    expect(await store.events.prune({ keepPerInstance: 4, maxAgeMs: 3_600_000 })).toBe(6);
    expect(await store.events.oldestSeq('a')).toBe(7);
    expect(await store.events.oldestSeq('b')).toBe(11);
    expect(await store.events.oldestSeq()).toBe(7);
    expect(seqs(await store.events.readAfter({ afterSeq: 0 }))).toEqual([7, 8, 9, 10, 11, 12, 13]);
    expect(await store.events.canResume({ afterSeq: 5, instanceIds: ['a'] })).toBe(false);
    expect(await store.events.canResume({ afterSeq: 6, instanceIds: ['a'] })).toBe(true);
    expect(await store.events.canResume({ afterSeq: 0, instanceIds: ['b'] })).toBe(true);
    expect(await store.events.canResume({ afterSeq: 5 })).toBe(false);
    expect(await store.events.canResume({ afterSeq: 13 })).toBe(true);
    expect(await store.events.canResume({ afterSeq: 14 })).toBe(false);
    expect(await store.events.prune({ keepPerInstance: 4, maxAgeMs: 3_600_000 })).toBe(0);

    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.events.prune({ keepPerInstance: 100, maxAgeMs: 5 })).toBe(7);
    expect(await store.events.oldestSeq()).toBeNull();
    expect(await store.events.latestSeq()).toBe(13);
    expect(await store.events.canResume({ afterSeq: 12, instanceIds: ['b'] })).toBe(false);
    expect(await store.events.canResume({ afterSeq: 13, instanceIds: ['b'] })).toBe(true);
    expect(seqs([await store.events.append(makeStatusChanged('b'))])).toEqual([14]);
  });
});
