import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeStatusChanged } from '../testing/sample-events';
import {
  postgresFixture,
  storeFixtures,
  TEST_DATABASE_URL,
  type TestDatabase,
} from '../testing/store-fixtures';
import { createStore } from './create-store';

describe.each(storeFixtures)('createStore on $name', (fixture) => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await fixture.createDatabase();
  });
  afterEach(() => database.dispose());

  it('opens, answers, and closes idempotently', async () => {
    const store = await database.open();
    expect(store).toMatchObject({ engine: fixture.name, schema: database.schema });
    await expect(store.ping()).resolves.toBeUndefined();
    await Promise.all([store.close(), store.close()]);
    await store.close();
    await expect(store.ping()).rejects.toThrow();
  });

  it.runIf(fixture.shared)('migrates idempotently, even from two replicas at once', async () => {
    const [a, b] = await Promise.all([database.open(), database.open()]);
    await a.events.append(makeStatusChanged('i1'));
    await a.close();
    const c = await database.open();
    expect(await b.events.latestSeq()).toBe(1);
    expect((await c.events.append(makeStatusChanged('i1'))).cursor).toBe('2');
  });
});

describe('createStore', () => {
  it('rejects a schema name that is not a plain identifier', async () => {
    for (const schema of ['Public', 'a-b', 'x; drop table y', '', 'a'.repeat(59)]) {
      await expect(createStore({ memory: true, schema })).rejects.toThrow(/schema must match/);
    }
  });

  it('rejects an unreachable Postgres without leaving anything open', async () => {
    await expect(
      createStore({ databaseUrl: 'postgres://postgres@127.0.0.1:1/test', schema: 'unreachable' }),
    ).rejects.toThrow();
  });

  describe('PGlite on disk', () => {
    let dataDir: string;
    beforeEach(async () => {
      dataDir = await mkdtemp(join(tmpdir(), 'wawp-store-'));
    });
    afterEach(() => rm(dataDir, { recursive: true, force: true }));

    it('keeps tenants and events across close and reopen', async () => {
      const first = await createStore({ dataDir });
      const tenant = await first.directory.createTenant('Acme');
      const appended = await first.events.append(makeStatusChanged('i1'));
      await first.close();

      const second = await createStore({ dataDir });
      try {
        expect(await second.directory.listTenants()).toEqual([tenant]);
        expect(await second.events.readAfter({ afterSeq: 0 })).toEqual([appended]);
        expect((await second.events.append(makeStatusChanged('i1'))).cursor).toBe('2');
      } finally {
        await second.close();
      }
    });
  });

  it('keeps the Postgres fixture honest: disposing drops the schema', async () => {
    const database = await postgresFixture.createDatabase();
    await database.open();
    await database.dispose();
    const client = new Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      const { rowCount } = await client.query(
        'select 1 from information_schema.schemata where schema_name = $1',
        [database.schema],
      );
      expect(rowCount).toBe(0);
    } finally {
      await client.end();
    }
  });
});
