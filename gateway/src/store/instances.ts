import type { DirectoryPort, InstanceRecord } from '@wawp-gateway/schema';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database';
import { withTenantCheck } from './errors';

type InstancePort = Pick<
  DirectoryPort,
  | 'listInstances'
  | 'getInstance'
  | 'getInstances'
  | 'upsertInstance'
  | 'assignInstance'
  | 'removeInstance'
>;

/**
 * @private Instances. `upsertInstance` registers: it inserts, or overwrites `label` and
 * `tenantId` of an existing instance with exactly what is given (`null` clears), keeping
 * `createdAt`. `removeInstance` also deletes the instance's events and last known state.
 */
export function createInstances(db: Kysely<Database>): InstancePort {
  return {
    async listInstances(filter) {
      let query = db.selectFrom('instances').selectAll();
      if (filter?.tenantId !== undefined) {
        query = query.where('tenant_id', '=', filter.tenantId);
      }
      const rows = await query.orderBy('created_at').orderBy('instance_id').execute();
      return rows.map(toInstanceRecord);
    },
    async getInstance(instanceId) {
      const row = await db
        .selectFrom('instances')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .executeTakeFirst();
      return row ? toInstanceRecord(row) : null;
    },
    async getInstances(instanceIds) {
      if (instanceIds.length === 0) {
        return [];
      }
      const rows = await db
        .selectFrom('instances')
        .selectAll()
        .where('instance_id', 'in', [...new Set(instanceIds)])
        .execute();
      const byId = new Map(rows.map((row) => [row.instance_id, toInstanceRecord(row)]));
      return instanceIds.map((id) => byId.get(id) ?? null);
    },
    upsertInstance: ({ instanceId, label, tenantId }) =>
      withTenantCheck(tenantId, async () => {
        const row = await db
          .insertInto('instances')
          .values({ instance_id: instanceId, label, tenant_id: tenantId })
          .onConflict((oc) =>
            oc.column('instance_id').doUpdateSet((eb) => ({
              label: eb.ref('excluded.label'),
              tenant_id: eb.ref('excluded.tenant_id'),
            })),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return toInstanceRecord(row);
      }),
    assignInstance: (instanceId, tenantId) =>
      withTenantCheck(tenantId, async () => {
        const row = await db
          .updateTable('instances')
          .set({ tenant_id: tenantId })
          .where('instance_id', '=', instanceId)
          .returningAll()
          .executeTakeFirst();
        return row ? toInstanceRecord(row) : null;
      }),
    removeInstance: (instanceId) =>
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('session_events').where('instance_id', '=', instanceId).execute();
        await trx.deleteFrom('instance_state').where('instance_id', '=', instanceId).execute();
        const { numDeletedRows } = await trx
          .deleteFrom('instances')
          .where('instance_id', '=', instanceId)
          .executeTakeFirst();
        return numDeletedRows > 0n;
      }),
  };
}

function toInstanceRecord(row: Selectable<Database['instances']>): InstanceRecord {
  return {
    instanceId: row.instance_id,
    label: row.label,
    tenantId: row.tenant_id,
    createdAt: row.created_at,
  };
}
