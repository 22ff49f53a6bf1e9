import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL } from '@wawp-gateway/gateway/testing';
import pg from 'pg';

/** A database of its own on the test Postgres, for one gateway process. */
export interface ScratchDatabase {
  url: string;
  /** Drops it (`WITH (FORCE)`: connections a killed gateway left are ended). */
  drop(): Promise<void>;
}

/**
 * Creates `<prefix>_<random>` on `TEST_DATABASE_URL` (127.0.0.1:5432, database `test`). A whole
 * database, not a schema (`test/utils/pg-schema.ts`): a gateway started as `pnpm start` starts it
 * takes `DATABASE_URL` only and keeps its tables in `public`.
 */
export async function createScratchDatabase(prefix: string): Promise<ScratchDatabase> {
  const name = `${prefix}_${randomBytes(5).toString('hex')}`;
  const run = async (sql: string) => {
    const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await run(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return { url: url.href, drop: () => run(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
