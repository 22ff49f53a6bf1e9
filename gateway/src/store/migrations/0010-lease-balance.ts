import { type Kysely, type Migration, sql } from 'kysely';

/**
 * What spreads poll leases over the replicas (see gateway/src/store/lease-balancer.ts): each
 * store says it is alive in `gateway_replicas` (`seen_at`, the database clock), and a store
 * holding fewer leases than its share asks for one by writing its name into the lease's
 * `wanted_by`; the owner hands it over if it holds at least two more than the asker.
 */
export const leaseBalanceMigration: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('gateway_replicas')
      .addColumn('owner', 'text', (c) => c.primaryKey())
      .addColumn('seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.schema.alterTable('poll_leases').addColumn('wanted_by', 'text').execute();
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('poll_leases').dropColumn('wanted_by').execute();
    await db.schema.dropTable('gateway_replicas').ifExists().execute();
  },
};
