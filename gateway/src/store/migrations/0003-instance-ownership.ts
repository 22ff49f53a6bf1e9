import type { Kysely, Migration } from 'kysely';

/**
 * Records where in the event log each instance's current owner begins, so a tenant replays only
 * the history of its own time. Existing instances keep their whole history (0).
 */
export const instanceOwnershipMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('instances')
      .addColumn('owner_since_seq', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('instances').dropColumn('owner_since_seq').execute();
  },
};
