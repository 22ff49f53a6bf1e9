import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Connect links (an end user's way to link their own phone), the pairing codes each requested
 * (rate-limited per link), tenant branding, and the integrator's own id for an instance.
 */
export const connectLinksMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('connect_links')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) =>
        c.notNull().references('instances.instance_id').onDelete('cascade'),
      )
      .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('cascade'))
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('return_url', 'text')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('used_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await db.schema
      .createIndex('connect_links_instance')
      .on('connect_links')
      .columns(['instance_id', 'created_at'])
      .execute();
    await db.schema
      .createTable('connect_link_codes')
      .addColumn('link_id', 'text', (c) =>
        c.notNull().references('connect_links.id').onDelete('cascade'),
      )
      .addColumn('requested_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createIndex('connect_link_codes_link')
      .on('connect_link_codes')
      .columns(['link_id', 'requested_at'])
      .execute();
    await db.schema.alterTable('tenants').addColumn('branding', 'jsonb').execute();
    await db.schema.alterTable('instances').addColumn('external_ref', 'text').execute();
    await sql`create unique index instances_external_ref on instances
      (coalesce(tenant_id, ''), external_ref) where external_ref is not null`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await sql`drop index instances_external_ref`.execute(db);
    await db.schema.alterTable('instances').dropColumn('external_ref').execute();
    await db.schema.alterTable('tenants').dropColumn('branding').execute();
    await db.schema.dropTable('connect_link_codes').execute();
    await db.schema.dropTable('connect_links').execute();
  },
};
