import { type ConnectLinkRecord, LINK_PAIRING_LIMIT } from '@wawp-gateway/schema';
import { type Kysely, type Selectable, sql } from 'kysely';
import { ulid } from 'ulid';
import { appendAccessChange } from './access-log';
import { isSameHash } from './api-key-secret';
import { hashLinkToken, isLinkTokenShape, makeLinkToken } from './connect-link-token';
import type { Database } from './database';

/** What creating a link needs; validation (lifetime, return URL) is the schema's. */
export interface NewConnectLink {
  instanceId: string;
  /** The instance's tenant when the link was made (its branding; `null` for an unassigned one). */
  tenantId: string | null;
  expiresAt: Date;
  returnUrl: string | null;
}

/**
 * @private Connect links. Only the SHA-256 of a token is stored; the token exists once, in
 * `create`'s result. Ending links (revoked, or used: their instance reached WORKING) is logged
 * (`ConnectLinkEnded`) in the same transaction, so every replica ends their streams at once.
 */
export function createConnectLinks(db: Kysely<Database>, channel: string) {
  const endAll = (trx: Kysely<Database>, instanceId: string, column: 'revoked_at' | 'used_at') =>
    endOpenLinks(trx, channel, instanceId, column);

  return {
    /** Creates a link; its token is in the result only. */
    async create(input: NewConnectLink): Promise<ConnectLinkRecord & { token: string }> {
      const { token, hash } = makeLinkToken();
      const row = await db
        .insertInto('connect_links')
        .values({
          id: `cl_${ulid()}`,
          instance_id: input.instanceId,
          tenant_id: input.tenantId,
          token_hash: hash,
          return_url: input.returnUrl,
          expires_at: input.expiresAt,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { ...toRecord(row), token };
    },
    /** The links of an instance, newest first. */
    async list(instanceId: string): Promise<ConnectLinkRecord[]> {
      const rows = await db
        .selectFrom('connect_links')
        .selectAll()
        .where('instance_id', '=', instanceId)
        .orderBy('created_at', 'desc')
        .orderBy('id', 'desc')
        .execute();
      return rows.map(toRecord);
    },
    /** Revokes every link of an instance still open; resolves how many it revoked. */
    revokeAll: async (instanceId: string): Promise<number> =>
      (await db.transaction().execute((trx) => endAll(trx, instanceId, 'revoked_at'))).length,
    /** Marks every open link of an instance used (it reached WORKING); resolves their ids. */
    markUsed: (instanceId: string): Promise<string[]> =>
      db.transaction().execute((trx) => endAll(trx, instanceId, 'used_at')),
    /** The link a token opens, whatever its state; `null` for an unknown token. */
    async findByToken(token: string): Promise<ConnectLinkRecord | null> {
      if (!isLinkTokenShape(token)) {
        return null;
      }
      const hash = hashLinkToken(token);
      const row = await db
        .selectFrom('connect_links')
        .selectAll()
        .where('token_hash', '=', hash)
        .executeTakeFirst();
      return row && isSameHash(row.token_hash, hash) ? toRecord(row) : null;
    },
    /**
     * Counts a pairing code against the link's limit ({@link LINK_PAIRING_LIMIT}); resolves
     * `false`, counting nothing, when the limit is reached. Serialised per link (row lock).
     */
    tryCountPairingCode: (linkId: string): Promise<boolean> =>
      db.transaction().execute(async (trx) => {
        await trx
          .selectFrom('connect_links')
          .select('id')
          .where('id', '=', linkId)
          .forUpdate()
          .execute();
        const since = new Date(Date.now() - LINK_PAIRING_LIMIT.windowMinutes * 60_000);
        const { count } = await trx
          .selectFrom('connect_link_codes')
          .select((eb) => eb.fn.countAll<string>().as('count'))
          .where('link_id', '=', linkId)
          .where('requested_at', '>', since)
          .executeTakeFirstOrThrow();
        if (Number(count) >= LINK_PAIRING_LIMIT.codes) {
          return false;
        }
        await trx.insertInto('connect_link_codes').values({ link_id: linkId }).execute();
        return true;
      }),
  };
}

export type ConnectLinks = ReturnType<typeof createConnectLinks>;

function toRecord(row: Selectable<Database['connect_links']>): ConnectLinkRecord {
  return {
    id: row.id,
    instanceId: row.instance_id,
    tenantId: row.tenant_id,
    returnUrl: row.return_url,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    usedAt: row.used_at,
    revokedAt: row.revoked_at,
  };
}

/**
 * @private Ends every open link of `instanceId` (revoked, or used) inside the caller's
 * transaction, logging `ConnectLinkEnded` for each so every replica ends its streams.
 */
export async function endOpenLinks(
  trx: Kysely<Database>,
  channel: string,
  instanceId: string,
  column: 'revoked_at' | 'used_at',
): Promise<string[]> {
  const rows = await trx
    .updateTable('connect_links')
    .set({ [column]: sql<Date>`now()` })
    .where('instance_id', '=', instanceId)
    .where('revoked_at', 'is', null)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('id')
    .execute();
  for (const { id } of rows) {
    await appendAccessChange(trx, channel, {
      kind: 'ConnectLinkEnded',
      linkId: id,
      reason: column === 'used_at' ? 'used' : 'revoked',
    });
  }
  return rows.map((row) => row.id);
}
