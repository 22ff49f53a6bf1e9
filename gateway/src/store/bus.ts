import type { Engine } from './engine';
import type { Bus, StoreLogger } from './store-types';

/**
 * @private LISTEN through the engine's dedicated connection. The only sender is the event log's
 * append, whose NOTIFY commits with the event (`event-append.ts`).
 */
export function createBus(engine: Engine, channel: string, logger: StoreLogger): Bus {
  return {
    channel,
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
