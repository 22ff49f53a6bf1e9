import type { Kysely, Migration } from 'kysely';

/**
 * Who may send the next status or QR read of an instance to Wawp, shared by every replica: one
 * row per `<route>:<instanceId>`, claimed by one store (`owner`) and closed to the others until
 * `next_at` (the database clock). See gateway/src/store/read-claims.ts.
 */
export const wawpReadClaimsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('wawp_read_claims')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('owner', 'text', (c) => c.notNull())
      .addColumn('next_at', 'timestamptz', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('wawp_read_claims').ifExists().execute();
  },
};
