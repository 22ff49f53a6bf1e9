import type { PayloadBus } from '../store';

/** Options of {@link watchBusHealth}. */
export interface BusHealthOptions {
  payloads: Pick<PayloadBus, 'onStatus' | 'connected'>;
  logger: {
    info(fields: object, message: string): void;
    warn(fields: object, message: string): void;
  };
}

/**
 * Says in the log when this replica loses the Redis bus and when it is back, with how many
 * events it read from the event log meanwhile (nothing is lost: the log's notices still say what
 * exists). Counts every event read from the log because the bus did not bring it.
 */
export function watchBusHealth(options: BusHealthOptions) {
  const { logger } = options;
  let fallbackEvents = 0;
  let lostAt: number | null = null;
  let fromLogSinceLost = 0;
  let everConnected = options.payloads.connected;
  options.payloads.onStatus((connected) => {
    if (!connected) {
      lostAt = Date.now();
      fromLogSinceLost = 0;
      logger.warn(
        { bus: 'redis' },
        'bus: lost Redis; reading followed instances’ events from the event log until it is back',
      );
      return;
    }
    if (!everConnected || lostAt === null) {
      everConnected = true;
      logger.info({ bus: 'redis' }, 'bus: connected to Redis');
      return;
    }
    logger.info(
      { bus: 'redis', downMs: Date.now() - lostAt, fromLog: fromLogSinceLost },
      `bus: Redis is back; ${fromLogSinceLost} events were read from the event log meanwhile`,
    );
    lostAt = null;
  });
  return {
    /** The reader read `events` from the log that the bus did not bring. */
    onFallback(events: number): void {
      fallbackEvents += events;
      if (lostAt !== null) {
        fromLogSinceLost += events;
      }
    },
    /** Events read from the log because the bus did not bring them, since start. */
    get fallbackEvents(): number {
      return fallbackEvents;
    },
    /** Whether the bus is up now. */
    get connected(): boolean {
      return options.payloads.connected;
    },
  };
}

export type BusHealth = ReturnType<typeof watchBusHealth>;
