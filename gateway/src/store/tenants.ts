import { randomUUID } from 'node:crypto';
import {
  type DirectoryPort,
  EMPTY_BRANDING,
  type TenantBranding,
  type TenantRecord,
} from '@wawp-gateway/schema';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database';

type TenantPort = Pick<
  DirectoryPort,
  'listTenants' | 'getTenant' | 'createTenant' | 'updateTenantBranding'
>;

/** @private Tenants: ids are random UUIDs; names are stored as given (validation is the schema's). */
export function createTenants(db: Kysely<Database>): TenantPort {
  return {
    async listTenants() {
      const rows = await db
        .selectFrom('tenants')
        .selectAll()
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toTenantRecord);
    },
    async getTenant(id) {
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toTenantRecord(row) : null;
    },
    async createTenant(name) {
      const row = await db
        .insertInto('tenants')
        .values({ id: randomUUID(), name })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toTenantRecord(row);
    },
    async updateTenantBranding(id, branding) {
      const row = await db
        .updateTable('tenants')
        .set({ branding: JSON.stringify(branding) })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toTenantRecord(row) : null;
    },
  };
}

function toTenantRecord(row: Selectable<Database['tenants']>): TenantRecord {
  const stored = (row.branding ?? {}) as Partial<TenantBranding>;
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    branding: { ...EMPTY_BRANDING, ...stored },
  };
}
