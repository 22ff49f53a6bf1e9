import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import type { Engine } from './engine';
import type { Bus, StoreLogger } from './store-types';

/** @private NOTIFY through the query pool; LISTEN through the engine's dedicated connection. */
export function createBus(
  db: Kysely<Database>,
  engine: Engine,
  channel: string,
  logger: StoreLogger,
): Bus {
  return {
    channel,
    async notify(payload) {
      await sql`select pg_notify(${channel}, ${payload})`.execute(db);
    },
    listen(onMessage, options) {
      // a throwing callback must not break the connection (or reconnect loop) that called it
      const guard =
        <A extends unknown[]>(fn: (...args: A) => void) =>
        (...args: A) => {
          try {
            fn(...args);
          } catch (err) {
            logger.error({ err: String(err), channel }, 'store: bus listener threw');
          }
        };
      return engine.listen(guard(onMessage), guard(options?.onReconnect ?? (() => {})));
    },
  };
}
