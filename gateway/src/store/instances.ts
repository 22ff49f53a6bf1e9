import type { DirectoryPort } from '@wawp-gateway/schema';
import type { Kysely, Selectable } from 'kysely';
import { appendAccessChange } from './access-log';
import { endOpenLinks } from './connect-links';
import type { Database } from './database';
import { withExternalRefCheck, withTenantCheck } from './errors';
import type { StoreDirectory, StoredInstanceRecord } from './store-types';

type InstancePort = Pick<DirectoryPort, 'listInstances' | 'getInstance' | 'removeInstance'> &
  Pick<StoreDirectory, 'getInstances' | 'upsertInstance' | 'assignInstance'>;

/**
 * @private Instances. `upsertInstance` registers: it inserts, or overwrites `label` and
 * `tenantId` of an existing instance with exactly what is given (`null` clears), keeping
 * `createdAt`. `removeInstance` also deletes the instance's events and last known state.
 * Registering, changing the tenant and removing are logged (`InstanceAssigned`) in the same
 * transaction, and the new owner's history starts there (`ownerSinceSeq`).
 */
export function createInstances(db: Kysely<Database>, channel: string): InstancePort {
  /** Logs the new owner of `instanceId` and makes its history start there. */
  const logOwner = async (trx: Kysely<Database>, instanceId: string, tenantId: string | null) => {
    // links made for the previous owner's end users stop with its ownership
    await endOpenLinks(trx, channel, instanceId, 'revoked_at');
    const seq = await appendAccessChange(trx, channel, {
      kind: 'InstanceAssigned',
      instanceId,
      tenantId,
      registered: true,
    });
    return trx
      .updateTable('instances')
      .set({ owner_since_seq: seq })
      .where('instance_id', '=', instanceId)
      .returningAll()
      .executeTakeFirstOrThrow();
  };
  return {
    async listInstances(filter) {
      let query = db.selectFrom('instances').selectAll();
      if (filter?.tenantId !== undefined) {
        query = query.where('tenant_id', '=', filter.tenantId);
      }
      if (filter?.externalRef !== undefined) {
        query = query.where('external_ref', '=', filter.externalRef);
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
    upsertInstance: ({ instanceId, label, tenantId, externalRef }) =>
      withExternalRefCheck(() =>
        withTenantCheck(tenantId, () =>
          db.transaction().execute(async (trx) => {
            const before = await lockedOwner(trx, instanceId);
            const row = await trx
              .insertInto('instances')
              .values({
                instance_id: instanceId,
                label,
                tenant_id: tenantId,
                external_ref: externalRef ?? null,
              })
              .onConflict((oc) =>
                oc.column('instance_id').doUpdateSet((eb) => ({
                  label: eb.ref('excluded.label'),
                  tenant_id: eb.ref('excluded.tenant_id'),
                  ...(externalRef === undefined
                    ? {}
                    : { external_ref: eb.ref('excluded.external_ref') }),
                })),
              )
              .returningAll()
              .executeTakeFirstOrThrow();
            const changed = !before || before.tenant_id !== tenantId;
            return toInstanceRecord(changed ? await logOwner(trx, instanceId, tenantId) : row);
          }),
        ),
      ),
    assignInstance: (instanceId, tenantId) =>
      withExternalRefCheck(() =>
        withTenantCheck(tenantId, () =>
          db.transaction().execute(async (trx) => {
            const before = await lockedOwner(trx, instanceId);
            if (!before) {
              return null;
            }
            if (before.tenant_id === tenantId) {
              const row = await trx
                .selectFrom('instances')
                .selectAll()
                .where('instance_id', '=', instanceId)
                .executeTakeFirstOrThrow();
              return toInstanceRecord(row);
            }
            await trx
              .updateTable('instances')
              .set({ tenant_id: tenantId })
              .where('instance_id', '=', instanceId)
              .execute();
            return toInstanceRecord(await logOwner(trx, instanceId, tenantId));
          }),
        ),
      ),
    removeInstance: (instanceId) =>
      db.transaction().execute(async (trx) => {
        await trx.deleteFrom('session_events').where('instance_id', '=', instanceId).execute();
        await trx.deleteFrom('instance_state').where('instance_id', '=', instanceId).execute();
        const { numDeletedRows } = await trx
          .deleteFrom('instances')
          .where('instance_id', '=', instanceId)
          .executeTakeFirst();
        if (numDeletedRows === 0n) {
          return false;
        }
        await appendAccessChange(trx, channel, {
          kind: 'InstanceAssigned',
          instanceId,
          tenantId: null,
          registered: false,
        });
        return true;
      }),
  };
}

/** The current owner of `instanceId`, its row locked until the transaction ends. */
const lockedOwner = (trx: Kysely<Database>, instanceId: string) =>
  trx
    .selectFrom('instances')
    .select('tenant_id')
    .where('instance_id', '=', instanceId)
    .forUpdate()
    .executeTakeFirst();

function toInstanceRecord(row: Selectable<Database['instances']>): StoredInstanceRecord {
  return {
    instanceId: row.instance_id,
    label: row.label,
    tenantId: row.tenant_id,
    externalRef: row.external_ref,
    createdAt: row.created_at,
    ownerSinceSeq: Number(row.owner_since_seq),
  };
}
