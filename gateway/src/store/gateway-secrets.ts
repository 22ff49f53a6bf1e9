import type { Kysely } from 'kysely';
import type { Database } from './database';

/** @private Secrets shared by every replica on one database, created by the first to ask. */
export function createGatewaySecrets(db: Kysely<Database>) {
  return {
    /**
     * The value of secret `name`: the one stored, or `generate()`'s, stored now if no replica
     * stored one first (concurrent starts agree: the insert that loses changes nothing).
     */
    async getOrCreate(name: string, generate: () => string): Promise<string> {
      await db
        .insertInto('gateway_secrets')
        .values({ name, value: generate() })
        .onConflict((oc) => oc.column('name').doNothing())
        .execute();
      const row = await db
        .selectFrom('gateway_secrets')
        .select('value')
        .where('name', '=', name)
        .executeTakeFirstOrThrow();
      return row.value;
    },
  };
}

/** Secrets shared by every replica on one database. */
export type GatewaySecrets = ReturnType<typeof createGatewaySecrets>;
