import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFixtures, type TestDatabase } from '../testing/store-fixtures';
import type { Store } from './store-types';

describe.each(storeFixtures)('webhook deliveries on $name', (fixture) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await fixture.createDatabase();
    store = await database.open();
  });
  afterEach(() => database.dispose());

  it('records an event id once, even when 20 deliveries race', async () => {
    const body = { event: 'session.status', payload: { status: 'WORKING' }, list: [1, 2] };
    const results = await Promise.all(
      Array.from({ length: 20 }, () => store.deliveries.record('evt-1', 'i1', body)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await store.deliveries.record('evt-1', 'i1', body)).toBe(false);
    expect(await store.deliveries.record('evt-2', null, [1, 2, 3])).toBe(true);
  });

  it.runIf(fixture.shared)('dedupes across replicas', async () => {
    const other = await database.open();
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, n) =>
        (n % 2 ? store : other).deliveries.record('evt-x', 'i1', { n }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });

  it('lists recorded deliveries until they are marked processed, oldest first', async () => {
    await store.deliveries.record('evt-a', 'i1', { n: 1 });
    await store.deliveries.record('evt-b', null, { n: 2 });
    const pending = await store.deliveries.pending({ olderThanMs: 0 });
    expect(pending).toEqual([
      { eventId: 'evt-a', instanceId: 'i1', body: { n: 1 } },
      { eventId: 'evt-b', instanceId: null, body: { n: 2 } },
    ]);
    expect(await store.deliveries.pending({ olderThanMs: 60_000 })).toEqual([]);
    await store.deliveries.markProcessed('evt-a');
    expect((await store.deliveries.pending({ olderThanMs: 0 })).map((d) => d.eventId)).toEqual([
      'evt-b',
    ]);
  });

  it('prunes old deliveries, after which an id counts as new again', async () => {
    await store.deliveries.record('old', 'i1', {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.deliveries.prune({ maxAgeMs: 60_000 })).toBe(0);
    expect(await store.deliveries.prune({ maxAgeMs: 5 })).toBe(1);
    expect(await store.deliveries.record('old', 'i1', {})).toBe(true);
  });
});
