import { type Kysely, type Migration, sql } from 'kysely';

const now = sql`now()`;

/** Tenants, keys, instances, the event log with its counter, webhook deliveries, session state. */
export const initialMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) =>
        c.notNull().references('tenants.id').onDelete('cascade'),
      )
      .addColumn('key_hash', 'text', (c) => c.notNull().unique())
      .addColumn('prefix', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('revoked_at', 'timestamptz')
      .execute();
    await db.schema.createIndex('api_keys_tenant').on('api_keys').column('tenant_id').execute();
    await db.schema
      .createTable('instances')
      .addColumn('instance_id', 'text', (c) => c.primaryKey())
      .addColumn('label', 'text')
      .addColumn('tenant_id', 'text', (c) => c.references('tenants.id').onDelete('set null'))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
    await db.schema.createIndex('instances_tenant').on('instances').column('tenant_id').execute();

    // One row: every append increments it in its own transaction, so seq order is commit order.
    await db.schema
      .createTable('event_seq')
      .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into event_seq (id, seq) values (1, 0)`.execute(db);
    await db.schema
      .createTable('session_events')
      .addColumn('seq', 'bigint', (c) => c.primaryKey())
      .addColumn('instance_id', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
      .addColumn('appended_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('payload', 'jsonb', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('session_events_instance_seq')
      .on('session_events')
      .columns(['instance_id', 'seq'])
      .execute();
    // Highest seq pruned per instance: a cursor below it cannot be resumed without a gap.
    await db.schema
      .createTable('event_retention')
      .addColumn('instance_id', 'text', (c) => c.primaryKey())
      .addColumn('pruned_through', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('event_id', 'text', (c) => c.primaryKey())
      .addColumn('instance_id', 'text')
      .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .addColumn('body', 'jsonb', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('webhook_deliveries_received')
      .on('webhook_deliveries')
      .column('received_at')
      .execute();
    await db.schema
      .createTable('instance_state')
      .addColumn('instance_id', 'text', (c) => c.primaryKey())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('stale', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('me', 'jsonb')
      .addColumn('qr', 'jsonb')
      .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
      .addColumn('upstream_ts', 'bigint')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
      .execute();
  },

  async down(db: Kysely<unknown>) {
    for (const table of [
      'instance_state',
      'webhook_deliveries',
      'event_retention',
      'session_events',
      'event_seq',
      'instances',
      'api_keys',
      'tenants',
    ]) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
