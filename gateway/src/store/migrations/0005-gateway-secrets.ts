import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Secrets the gateway generates once for all its replicas (the webhook master secret): the first
 * replica to start creates the row, the others read it.
 */
export const gatewaySecretsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('gateway_secrets')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('gateway_secrets').execute();
  },
};
