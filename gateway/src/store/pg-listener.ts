import { Client, type ClientConfig } from 'pg';
import type { RetryDelays } from './engine';
import { destroyClient, timedQuery } from './pg-connection';
import type { StoreLogger } from './store-types';

interface Subscriber {
  onMessage: (payload: string) => void;
  onReconnect: () => void;
}

/** @private Options of `createPgListener`. */
export interface PgListenerOptions {
  client: ClientConfig;
  channel: string;
  retry: RetryDelays;
  logger: StoreLogger;
  /**
   * How often the idle connection is asked `select 1`; no answer within `heartbeatMs` too counts
   * as a drop (a half-open connection TCP keepalive would take minutes to notice). @default 15_000
   */
  heartbeatMs?: number;
}

/**
 * @private One dedicated node-postgres client LISTENing on `channel` for all of a store's
 * subscribers (a pool connection cannot LISTEN: it goes back to the pool). When the connection
 * drops it reconnects with jittered exponential backoff, re-LISTENs, then calls every
 * subscriber's `onReconnect`, since notifications sent in between are lost. A heartbeat query
 * finds a connection that stopped answering.
 */
export function createPgListener(options: PgListenerOptions) {
  const { channel, logger, retry } = options;
  const heartbeatMs = options.heartbeatMs ?? 15_000;
  const subscribers = new Set<Subscriber>();
  let client: Client | null = null;
  let starting: Promise<void> | null = null;
  let reconnecting = 0;
  let closed = false;
  const sleeping = new Map<NodeJS.Timeout, () => void>();

  const connect = (): Promise<void> => {
    const attempt = open().finally(() => {
      if (starting === attempt) {
        starting = null;
      }
    });
    starting = attempt;
    return attempt;
  };

  const open = async (): Promise<void> => {
    const c = new Client(options.client);
    let heartbeat: NodeJS.Timeout | undefined;
    const onDrop = (err?: Error) => {
      clearInterval(heartbeat);
      if (client !== c) {
        return;
      }
      client = null;
      destroyClient(c);
      if (!closed && subscribers.size > 0) {
        logger.warn({ channel, err: err?.message }, 'store: LISTEN connection lost, reconnecting');
        void reconnect();
      }
    };
    c.on('error', onDrop);
    c.on('end', () => onDrop());
    c.on('notification', (msg) => {
      if (msg.channel === channel) {
        for (const s of subscribers) {
          s.onMessage(msg.payload ?? '');
        }
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN "${channel}"`);
    } catch (err) {
      c.end().catch(() => {});
      throw err;
    }
    if (closed) {
      await c.end().catch(() => {});
      return;
    }
    client = c;
    heartbeat = setInterval(() => {
      timedQuery(c, 'select 1', [], heartbeatMs).catch((err: Error) => {
        if (client === c) {
          c.emit('error', err);
        }
      });
    }, heartbeatMs);
    heartbeat.unref();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => sleeping.delete(timer) && resolve(), ms);
      sleeping.set(timer, resolve);
    });

  const reconnect = async (): Promise<void> => {
    reconnecting++;
    try {
      for (let attempt = 0; !closed; attempt++) {
        const ceiling = Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** attempt);
        await sleep(ceiling / 2 + (Math.random() * ceiling) / 2);
        try {
          if (!closed) {
            await connect();
          }
        } catch (err) {
          logger.warn({ channel, attempt, err: String(err) }, 'store: LISTEN reconnect failed');
          continue;
        }
        if (!closed) {
          logger.info({ channel, attempt }, 'store: LISTEN connection restored');
          for (const s of subscribers) {
            s.onReconnect();
          }
        }
        return;
      }
    } finally {
      reconnecting--;
    }
  };

  return {
    /** Adds a subscriber; the first one opens the connection (and throws if it cannot). */
    async add(subscriber: Subscriber): Promise<() => Promise<void>> {
      if (closed) {
        throw new Error('store is closed');
      }
      subscribers.add(subscriber);
      // while reconnecting, the new subscriber simply hears `onReconnect` with the others
      if (!client && reconnecting === 0) {
        try {
          await (starting ?? connect());
        } catch (err) {
          subscribers.delete(subscriber);
          throw err;
        }
      }
      return async () => {
        subscribers.delete(subscriber);
      };
    },
    async close(): Promise<void> {
      closed = true;
      for (const [timer, resolve] of sleeping) {
        clearTimeout(timer);
        resolve();
      }
      sleeping.clear();
      subscribers.clear();
      const c = client;
      client = null;
      await starting?.catch(() => {});
      await c?.end().catch(() => {});
    },
  };
}
