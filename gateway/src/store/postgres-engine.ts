import { PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { Engine, RetryDelays } from './engine';
import { KEEPALIVE, startupOptions } from './pg-connection';
import { createPgListener } from './pg-listener';
import { createPgSession } from './pg-session';
import type { StoreLogger } from './store-types';

/** @private Options of `createPostgresEngine`. */
export interface PostgresEngineOptions {
  databaseUrl: string;
  schema: string;
  channel: string;
  applicationName: string;
  poolSize: number;
  retry: RetryDelays;
  logger: StoreLogger;
  /**
   * The server ends a pool connection idle inside a transaction this long (a stalled replica
   * must not keep `StateStore.transition`'s instance lock for ever). @default 15_000 // ms
   */
  idleInTransactionTimeoutMs?: number;
  /** Lease statements not answered in this much drop the lock connection. @default 5_000 // ms */
  leaseQueryTimeoutMs?: number;
}

/**
 * @private node-postgres: a pool for queries (every connection's `search_path` is the store's
 * schema), plus two dedicated connections opened on first use, one for LISTEN and one holding
 * the leases. `application_name` tells them apart in `pg_stat_activity`. All use TCP keepalive.
 */
export function createPostgresEngine(options: PostgresEngineOptions): Engine {
  const { databaseUrl, logger } = options;
  const role = (name: string) => ({
    connectionString: databaseUrl,
    application_name: `${options.applicationName}:${name}`,
    ...KEEPALIVE,
  });
  const pool = new Pool({
    ...role('pool'),
    max: options.poolSize,
    // the schema name is validated (plain identifier), so it needs no quoting here
    options: startupOptions({
      search_path: options.schema,
      idle_in_transaction_session_timeout: options.idleInTransactionTimeoutMs ?? 15_000,
    }),
  });
  pool.on('error', (err) => logger.warn({ err: err.message }, 'store: idle connection error'));
  const lockSession = createPgSession(
    { ...role('leases'), options: startupOptions({ search_path: options.schema }) },
    logger,
    { queryTimeoutMs: options.leaseQueryTimeoutMs },
  );
  const listener = createPgListener({
    client: role('listen'),
    channel: options.channel,
    retry: options.retry,
    logger,
  });
  return {
    kind: 'postgres',
    // kysely.destroy() ends the pool
    dialect: new PostgresDialect({ pool }),
    lockSession,
    listen: (onMessage, onReconnect) => listener.add({ onMessage, onReconnect }),
    async close() {
      await Promise.all([listener.close(), lockSession.close()]);
    },
  };
}
