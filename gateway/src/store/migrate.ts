import { type Kysely, Migrator } from 'kysely';
import type { Database } from './database';
import { migrationProvider } from './migrations';

/**
 * @private Brings `schema` to the latest migration. Safe to run from several replicas at once:
 * kysely creates the schema and its bookkeeping tables idempotently and serialises the migrations
 * with an advisory lock. Throws the first failing migration's error.
 */
export async function migrateToLatest(db: Kysely<Database>, schema: string): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    migrationTableSchema: schema,
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    throw error instanceof Error ? error : new Error(`migration failed: ${String(error)}`);
  }
  return results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
