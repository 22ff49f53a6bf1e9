import { randomUUID } from 'node:crypto';
import type { DirectoryPort, TenantRecord } from '@wawp-gateway/schema';
import type { Kysely, Selectable } from 'kysely';
import type { Database } from './database';

type TenantPort = Pick<DirectoryPort, 'listTenants' | 'getTenant' | 'createTenant'>;

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
  };
}

function toTenantRecord(row: Selectable<Database['tenants']>): TenantRecord {
  return { id: row.id, name: row.name, createdAt: row.created_at };
}
