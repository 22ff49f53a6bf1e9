import { PostgresDialect } from 'kysely';
import { Pool } from 'pg';
import type { Engine, RetryDelays } from './engine';
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
}

/**
 * @private node-postgres: a pool for queries (every connection's `search_path` is the store's
 * schema), plus two dedicated connections opened on first use, one for LISTEN and one holding
 * advisory locks. `application_name` tells them apart in `pg_stat_activity`.
 */
export function createPostgresEngine(options: PostgresEngineOptions): Engine {
  const { databaseUrl, logger } = options;
  const role = (name: string) => ({
    connectionString: databaseUrl,
    application_name: `${options.applicationName}:${name}`,
  });
  const pool = new Pool({
    ...role('pool'),
    max: options.poolSize,
    // the schema name is validated (plain identifier), so it needs no quoting here
    options: `-c search_path=${options.schema}`,
  });
  pool.on('error', (err) => logger.warn({ err: err.message }, 'store: idle connection error'));
  const lockSession = createPgSession(role('leases'), logger);
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
