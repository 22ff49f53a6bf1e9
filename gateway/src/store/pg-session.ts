import { Client, type ClientConfig } from 'pg';
import type { LockSession } from './engine';
import type { StoreLogger } from './store-types';

/**
 * @private A dedicated node-postgres connection for session-level advisory locks, opened on first
 * use. If it drops, the locks are gone with it: `onLost` listeners hear about it and the next
 * query opens a fresh connection.
 */
export function createPgSession(config: ClientConfig, logger: StoreLogger) {
  const lostListeners = new Set<() => void>();
  let client: Client | null = null;
  let opening: Promise<Client> | null = null;
  let closed = false;

  const open = async (): Promise<Client> => {
    const c = new Client(config);
    const onDrop = (err?: Error) => {
      if (client !== c) {
        return;
      }
      client = null;
      c.end().catch(() => {});
      logger.warn({ err: err?.message }, 'store: lock connection lost, its leases are gone');
      for (const listener of lostListeners) {
        listener();
      }
    };
    c.on('error', onDrop);
    c.on('end', () => onDrop());
    await c.connect();
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
      const result = await c.query(sql, params);
      return result.rows as R[];
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
