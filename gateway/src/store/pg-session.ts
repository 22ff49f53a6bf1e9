import { Client, type ClientConfig } from 'pg';
import type { LockSession } from './engine';
import { destroyClient, QueryTimeoutError, timedQuery } from './pg-connection';
import type { StoreLogger } from './store-types';

/** @private Options of `createPgSession`. */
export interface PgSessionOptions {
  /**
   * A query not answered within this is given up, and the connection with it (its advisory locks
   * count as lost). @default 5_000 // ms
   */
  queryTimeoutMs?: number;
}

/**
 * @private A dedicated node-postgres connection for the leases (their statements and session-level
 * advisory locks), opened on first use. If it drops or stops answering, the locks are gone with
 * it: `onLost` listeners hear about it and the next query opens a fresh connection.
 */
export function createPgSession(
  config: ClientConfig,
  logger: StoreLogger,
  options: PgSessionOptions = {},
) {
  const queryTimeoutMs = options.queryTimeoutMs ?? 5_000;
  const lostListeners = new Set<() => void>();
  let client: Client | null = null;
  let opening: Promise<Client> | null = null;
  let closed = false;

  const open = async (): Promise<Client> => {
    const c = new Client({
      connectionTimeoutMillis: queryTimeoutMs,
      statement_timeout: queryTimeoutMs,
      ...config,
    });
    const onDrop = (err?: Error) => {
      if (client !== c) {
        return;
      }
      client = null;
      destroyClient(c);
      logger.warn({ err: err?.message }, 'store: lock connection lost, its leases are gone');
      for (const listener of lostListeners) {
        listener();
      }
    };
    c.on('error', onDrop);
    c.on('end', () => onDrop());
    try {
      await c.connect();
    } catch (err) {
      destroyClient(c);
      throw err;
    }
    client = c;
    return c;
  };

  const session: LockSession & { close(): Promise<void> } = {
    async query<R>(sql: string, params: unknown[]): Promise<R[]> {
      if (closed) {
        throw new Error('store is closed');
      }
      if (!client && !opening) {
        opening = open().finally(() => {
          opening = null;
        });
      }
      const c = client ?? (await opening);
      if (!c) {
        throw new Error('store: lock connection unavailable');
      }
      try {
        return await timedQuery<R>(c, sql, params, queryTimeoutMs);
      } catch (err) {
        if (err instanceof QueryTimeoutError && client === c) {
          // the query still occupies the connection: nothing else would get through it
          c.emit('error', err);
        }
        throw err;
      }
    },
    onLost(listener) {
      lostListeners.add(listener);
    },
    async close() {
      closed = true;
      await opening?.catch(() => {});
      const c = client;
      client = null; // an intended end is not a loss
      await c?.end().catch(() => {});
    },
  };
  return session;
}
