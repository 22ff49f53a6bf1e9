import type { Kysely, Migration } from 'kysely';

/**
 * When the newest Wawp read folded into an instance's state was answered: a read sent before
 * then may have reached Wawp before it, so it cannot be told newer (see `orderOf` in
 * gateway/src/events/ingest/record-observation.ts).
 */
export const readUntilMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('instance_state').addColumn('read_until', 'timestamptz').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('instance_state').dropColumn('read_until').execute();
  },
};
