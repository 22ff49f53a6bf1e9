import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Marks each webhook delivery once it has been processed, so a delivery acknowledged just before
 * a crash is processed after the restart instead of being lost. Existing rows count as processed.
 */
export const deliveryProcessingMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .alterTable('webhook_deliveries')
      .addColumn('processed_at', 'timestamptz')
      .execute();
    await sql`update webhook_deliveries set processed_at = received_at`.execute(db);
    await db.schema
      .createIndex('webhook_deliveries_pending')
      .on('webhook_deliveries')
      .column('received_at')
      .where(sql.ref('processed_at'), 'is', null)
      .execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropIndex('webhook_deliveries_pending').ifExists().execute();
    await db.schema.alterTable('webhook_deliveries').dropColumn('processed_at').execute();
  },
};
