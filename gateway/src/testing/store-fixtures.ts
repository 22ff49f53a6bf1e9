import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { Store } from '../store';
import { createStore, type StoreOptions } from '../store';
import { TEST_DATABASE_URL } from './database-url';

/** @private The local Postgres every machine of this kind (and CI) runs. */
export { TEST_DATABASE_URL } from './database-url';

/** @private One isolated database for one test; `dispose()` closes its stores and drops it. */
export interface TestDatabase {
  readonly schema: string;
  /** Opens a store on this database; on Postgres a second call is a second replica. */
  open(options?: Partial<StoreOptions>): Promise<Store>;
  /** Terminates the Postgres backends whose `application_name` is `name` (Postgres only). */
  terminate(applicationName: string): Promise<number>;
  dispose(): Promise<void>;
}

/** @private How one engine provides test databases. */
export interface StoreFixture {
  readonly name: 'pglite' | 'postgres';
  /** Whether several stores can share one database (replicas); PGlite is one process's. */
  readonly shared: boolean;
  createDatabase(): Promise<TestDatabase>;
}

const randomSchema = () => `t_${randomBytes(6).toString('hex')}`;

/** @private PGlite in memory, one instance per database (opened once). */
export const pgliteFixture: StoreFixture = {
  name: 'pglite',
  shared: false,
  async createDatabase() {
    const schema = randomSchema();
    const stores: Store[] = [];
    return {
      schema,
      async open(options) {
        if (stores.length > 0) {
          throw new Error('an in-memory PGlite database cannot be opened twice');
        }
        const store = await createStore({ memory: true, schema, ...options });
        stores.push(store);
        return store;
      },
      terminate: () => Promise.reject(new Error('PGlite has no backends to terminate')),
      async dispose() {
        await Promise.all(stores.map((s) => s.close()));
      },
    };
  },
};

/** @private The local Postgres, one random schema per database. */
export const postgresFixture: StoreFixture = {
  name: 'postgres',
  shared: true,
  async createDatabase() {
    const schema = randomSchema();
    const stores: Store[] = [];
    const admin = async <T>(fn: (client: Client) => Promise<T>): Promise<T> => {
      const client = new Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        return await fn(client);
      } finally {
        await client.end();
      }
    };
    return {
      schema,
      async open(options) {
        const store = await createStore({ databaseUrl: TEST_DATABASE_URL, schema, ...options });
        stores.push(store);
        return store;
      },
      terminate: (applicationName) =>
        admin(async (client) => {
          const { rowCount } = await client.query(
            'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
            [applicationName],
          );
          return rowCount ?? 0;
        }),
      async dispose() {
        await Promise.all(stores.map((s) => s.close()));
        await admin((client) => client.query(`drop schema if exists ${schema} cascade`));
      },
    };
  },
};

/** @private Both engines, for `describe.each`. */
export const storeFixtures: StoreFixture[] = [pgliteFixture, postgresFixture];

/** @private Resolves when `check()` holds, polling every 10 ms; rejects after `timeoutMs`. */
export async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
