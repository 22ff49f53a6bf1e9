import { type Kysely, type Migration, sql } from 'kysely';

/**
 * Outbound notifications: the integrators' endpoints (with their signing secrets), the
 * deliveries to them (an outbox: written before anything is sent), the position in the event
 * log up to which events have been turned into deliveries, and per tenant which instances were
 * last reported unhealthy.
 */
export const notificationsMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('notification_endpoints')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) =>
        c.notNull().references('tenants.id').onDelete('cascade'),
      )
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('kinds', 'jsonb', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('include_connect_link', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('connect_link_ttl_minutes', 'integer', (c) => c.notNull().defaultTo(1440))
      .addColumn('enabled', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('disabled_reason', 'text')
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('previous_secret', 'text')
      .addColumn('previous_secret_until', 'timestamptz')
      .addColumn('failing_since', 'timestamptz')
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema
      .createIndex('notification_endpoints_tenant')
      .on('notification_endpoints')
      .column('tenant_id')
      .execute();
    await db.schema
      .createTable('notification_deliveries')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('endpoint_id', 'text', (c) =>
        c.notNull().references('notification_endpoints.id').onDelete('cascade'),
      )
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('instance_id', 'text')
      .addColumn('event_seq', 'bigint')
      .addColumn('payload', 'jsonb', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_response_status', 'integer')
      .addColumn('last_error', 'text')
      .addColumn('next_attempt_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      // when its 24 h of retries began: at creation, or when it was queued again
      .addColumn('queued_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('delivered_at', 'timestamptz')
      .addColumn('claimed_by', 'text')
      .addColumn('claimed_until', 'timestamptz')
      .execute();
    // one delivery per endpoint and event, whoever follows the log
    await sql`create unique index notification_deliveries_event on notification_deliveries
      (endpoint_id, event_seq) where event_seq is not null`.execute(db);
    await db.schema
      .createIndex('notification_deliveries_due')
      .on('notification_deliveries')
      .columns(['status', 'next_attempt_at'])
      .execute();
    await db.schema
      .createIndex('notification_deliveries_endpoint')
      .on('notification_deliveries')
      .columns(['endpoint_id', 'created_at'])
      .execute();
    // per tenant, the instances the outbox last heard were unhealthy (UPSTREAM_* once per change)
    await db.schema
      .createTable('notification_tenant_upstream')
      .addColumn('tenant_id', 'text', (c) =>
        c.primaryKey().references('tenants.id').onDelete('cascade'),
      )
      .addColumn('unhealthy', 'jsonb', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('notification_cursor')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('seq', 'bigint', (c) => c.notNull())
      .execute();
    await sql`insert into notification_cursor (id, seq)
      select 1, coalesce((select seq from event_seq where id = 1), 0)`.execute(db);
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('notification_cursor').execute();
    await db.schema.dropTable('notification_tenant_upstream').execute();
    await db.schema.dropTable('notification_deliveries').execute();
    await db.schema.dropTable('notification_endpoints').execute();
  },
};
