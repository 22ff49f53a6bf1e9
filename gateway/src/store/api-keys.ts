import { randomUUID } from 'node:crypto';
import type { ApiKeyRecord, DirectoryPort } from '@wawp-gateway/schema';
import { type Kysely, type Selectable, sql } from 'kysely';
import { appendAccessChange } from './access-log';
import { hashApiKey, isApiKeyShape, isSameHash, makeApiKey } from './api-key-secret';
import type { Database } from './database';
import { withTenantCheck } from './errors';
import type { StoreDirectory } from './store-types';

type ApiKeyPort = Pick<DirectoryPort, 'listApiKeys' | 'issueApiKey' | 'revokeApiKey'> &
  Pick<StoreDirectory, 'authenticate'>;

/**
 * @private Tenant API keys. Only the SHA-256 of a key and its display prefix are stored; the key
 * itself exists once, in `issueApiKey`'s result. `revokeApiKey` resolves `true` when this call
 * revoked the key, `false` when it is unknown or was already revoked; a revocation is logged
 * (`ApiKeyRevoked`) in the same transaction, so every replica ends the key's streams at once.
 */
export function createApiKeys(db: Kysely<Database>, channel: string): ApiKeyPort {
  return {
    async listApiKeys(tenantId) {
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toApiKeyRecord);
    },
    issueApiKey: (tenantId) =>
      withTenantCheck(tenantId, async () => {
        const { key, hash, prefix } = makeApiKey();
        const row = await db
          .insertInto('api_keys')
          .values({ id: randomUUID(), tenant_id: tenantId, key_hash: hash, prefix })
          .returningAll()
          .executeTakeFirstOrThrow();
        return { ...toApiKeyRecord(row), key };
      }),
    revokeApiKey: (id) =>
      db.transaction().execute(async (trx) => {
        const { numUpdatedRows } = await trx
          .updateTable('api_keys')
          .set({ revoked_at: sql<Date>`now()` })
          .where('id', '=', id)
          .where('revoked_at', 'is', null)
          .executeTakeFirst();
        if (numUpdatedRows === 0n) {
          return false;
        }
        await appendAccessChange(trx, channel, { kind: 'ApiKeyRevoked', keyId: id });
        return true;
      }),
    async authenticate(key) {
      if (!isApiKeyShape(key)) {
        return null;
      }
      // The lookup is by hash, so its timing tells nothing about stored keys; the compare is
      // constant-time anyway.
      const hash = hashApiKey(key);
      const row = await db
        .selectFrom('api_keys')
        .select(['id', 'tenant_id', 'key_hash'])
        .where('key_hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row || !isSameHash(row.key_hash, hash)) {
        return null;
      }
      return { keyId: row.id, tenantId: row.tenant_id };
    },
  };
}

function toApiKeyRecord(row: Selectable<Database['api_keys']>): ApiKeyRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    prefix: row.prefix,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
  };
}
