import { randomBytes } from 'node:crypto';
import { TEST_DATABASE_URL } from '@wawp-gateway/gateway/testing';
import pg from 'pg';
import type { Leftovers } from './leftovers';

export { TEST_DATABASE_URL };

/**
 * A fresh schema name on the test database, dropped (`CASCADE`) when `leftovers` are disposed;
 * register it before the gateways that use it, so they stop first. Also returns a one-connection
 * pool for assertions on the tables (and on `pg_locks`).
 */
export function createTestSchema(leftovers: Leftovers, prefix = 'e2e_ev') {
  const schema = `${prefix}_${randomBytes(6).toString('hex')}`;
  const pool = leftovers.add(new pg.Pool({ connectionString: TEST_DATABASE_URL, max: 1 }), (p) =>
    p.end(),
  );
  leftovers.add(schema, (name) => pool.query(`DROP SCHEMA IF EXISTS "${name}" CASCADE`));
  return { schema, pool, databaseUrl: TEST_DATABASE_URL };
}

/** A schema of {@link createTestSchema}: its name, an assertion pool and the database URL. */
export type TestSchema = ReturnType<typeof createTestSchema>;
