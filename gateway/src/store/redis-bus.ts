import type { SessionEvent } from '@wawp-gateway/schema';
import { Redis, type RedisOptions } from 'ioredis';
import { decodeWireEvent, encodeWireEvent } from './event-wire';
import type { PayloadBus, StoreLogger } from './store-types';

/** Options of {@link createRedisBus}. */
export interface RedisBusOptions {
  /** `redis://…` or `rediss://…`; never logged. */
  url: string;
  /** Channel prefix, one per database schema (`wawp_<schema>`), so schemas never hear each other. */
  prefix: string;
  logger: StoreLogger;
  /** Longest wait between two reconnection attempts. @default 1_000 // ms */
  maxRetryDelayMs?: number;
}

/** Every instance's channel, for a subscriber that follows them all. */
const ALL = '*';

/**
 * @private The Redis bus: each committed event is published on its instance's channel
 * (`<prefix>:events:<instanceId>`), and a replica subscribes only to the instances it follows
 * (all of them with a pattern while a fleet-wide stream is open). Two connections, as Redis
 * requires: one publishes, one subscribes. ioredis reconnects both and resubscribes by itself;
 * what was published meanwhile is lost here, and the event reader reads it from the log instead.
 */
export function createRedisBus(options: RedisBusOptions): PayloadBus {
  const { logger, prefix } = options;
  const channelOf = (instanceId: string) => `${prefix}:events:${instanceId}`;
  const pattern = channelOf(ALL);
  const retryStrategy = (times: number) =>
    Math.min(50 * 2 ** Math.min(times, 10), options.maxRetryDelayMs ?? 1_000);
  const common: RedisOptions = {
    retryStrategy,
    connectionName: `${prefix}:bus`,
    // The gateway keeps working through an outage (from the log), so no command waits for Redis.
    maxRetriesPerRequest: 0,
  };
  const publisher = new Redis(options.url, { ...common, enableOfflineQueue: false });
  // Offline subscriptions are queued and sent on reconnect, beside ioredis' own resubscription.
  const subscriber = new Redis(options.url, { ...common, maxRetriesPerRequest: null });
  const listeners = new Set<(event: SessionEvent) => void>();
  const statusListeners = new Set<(connected: boolean) => void>();
  const followed = new Set<string>();
  const stats = { published: 0, publishFailures: 0, received: 0, malformed: 0, disconnects: 0 };
  let connected = false;
  let closed = false;
  let lastError = '';

  const setConnected = (value: boolean) => {
    if (value === connected || closed) {
      return;
    }
    connected = value;
    if (!value) {
      stats.disconnects += 1;
    }
    for (const listener of statusListeners) {
      listener(value);
    }
  };
  subscriber.on('ready', () => setConnected(publisher.status === 'ready'));
  publisher.on('ready', () => setConnected(subscriber.status === 'ready'));
  for (const connection of [publisher, subscriber]) {
    connection.on('close', () => setConnected(false));
    // Without a listener ioredis would print every failed attempt; one line per distinct error.
    connection.on('error', (err: Error) => {
      if (err.message !== lastError) {
        lastError = err.message;
        logger.warn({ err: err.message }, 'store: Redis bus error');
      }
    });
  }

  const receive = (text: string) => {
    let event: SessionEvent;
    try {
      event = decodeWireEvent(text);
    } catch {
      stats.malformed += 1;
      return;
    }
    stats.received += 1;
    for (const listener of listeners) {
      listener(event);
    }
  };
  subscriber.on('message', (_channel: string, text: string) => receive(text));
  subscriber.on('pmessage', (_pattern: string, _channel: string, text: string) => receive(text));

  const quietly = (work: Promise<unknown>, what: string) => {
    work.catch((err: Error) => {
      if (!closed) {
        logger.warn({ err: err.message }, `store: Redis bus ${what} failed`);
      }
    });
  };

  return {
    kind: 'redis',
    publish(events) {
      for (const event of events) {
        publisher.publish(channelOf(event.instanceId), encodeWireEvent(event)).then(
          () => {
            stats.published += 1;
          },
          () => {
            // the readers notice the missing body and read the event from the log
            stats.publishFailures += 1;
          },
        );
      }
    },
    follow(instanceId) {
      const key = instanceId ?? ALL;
      if (followed.has(key) || closed) {
        return;
      }
      followed.add(key);
      quietly(
        instanceId === null ? subscriber.psubscribe(pattern) : subscriber.subscribe(channelOf(key)),
        'subscribe',
      );
    },
    unfollow(instanceId) {
      const key = instanceId ?? ALL;
      if (!followed.delete(key) || closed) {
        return;
      }
      quietly(
        instanceId === null
          ? subscriber.punsubscribe(pattern)
          : subscriber.unsubscribe(channelOf(key)),
        'unsubscribe',
      );
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    onStatus(listener) {
      statusListeners.add(listener);
      return () => statusListeners.delete(listener);
    },
    get connected() {
      return connected;
    },
    stats: () => ({ ...stats, following: followed.size }),
    async close() {
      closed = true;
      connected = false;
      listeners.clear();
      statusListeners.clear();
      await Promise.all([publisher, subscriber].map((c) => c.quit().catch(() => c.disconnect())));
    },
  };
}
