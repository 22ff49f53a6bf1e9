import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Poll leases with an expiry: one row per polled instance, held by one store (`owner`) until
 * `expires_at` (the database clock) unless renewed. `epoch` grows on every acquisition, so an
 * owner that lost its lease cannot renew it any more (fencing). `locked` says whether the owner
 * also holds the instance's session advisory lock (which frees when its connection dies).
 */
export const pollLeasesMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('poll_leases')
      .addColumn('instance_id', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('epoch', 'bigint', (c) => c.notNull())
      .addColumn('locked', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('acquired_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('poll_leases').ifExists().execute();
  },
};
