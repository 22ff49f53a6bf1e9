import type { Logger } from './logging/logger';
import type { Store } from './store';

/** Event retention: the newest 1,000 events per instance, at most 7 days. */
const RETENTION = { keepPerInstance: 1_000, maxAgeMs: 7 * 24 * 3_600_000 };
/** Webhook ids are remembered longer than any sender retries. */
const DELIVERY_RETENTION_MS = 3 * 24 * 3_600_000;
const PRUNE_EVERY_MS = 10 * 60_000;
/** A delivery unprocessed this long is taken as orphaned by a dead replica. */
const REPLAY_AFTER_MS = 60_000;

export interface MaintenanceOptions {
  store: Pick<Store, 'events' | 'deliveries'>;
  webhook: { replayPending(olderThanMs: number): Promise<number> };
  logger: Logger;
}

/**
 * Background upkeep of one replica: prunes the event log and the delivery record, and processes
 * webhook deliveries that were acknowledged but never processed (a replica died in between; any
 * replica may pick them up, the hub publishes a transition once).
 */
export function createMaintenance(options: MaintenanceOptions) {
  const { store, webhook, logger } = options;
  const timers: NodeJS.Timeout[] = [];

  const prune = async () => {
    try {
      await store.events.prune(RETENTION);
      await store.deliveries.prune({ maxAgeMs: DELIVERY_RETENTION_MS });
    } catch (error) {
      logger.warn({ err: error }, 'pruning the event log failed');
    }
  };
  const replay = async (olderThanMs: number) => {
    try {
      const replayed = await webhook.replayPending(olderThanMs);
      if (replayed > 0) {
        logger.info({ replayed }, 'replayed webhook deliveries left unprocessed');
      }
    } catch (error) {
      logger.warn({ err: error }, 'replaying webhook deliveries failed');
    }
  };
  const every = (ms: number, task: () => Promise<void>) => {
    const timer = setInterval(() => void task(), ms);
    timer.unref();
    timers.push(timer);
  };

  return {
    /**
     * Schedules the periodic work and starts replaying, in the background, what the last run
     * left unprocessed. Not awaited: each replayed delivery may wait out the poll floor of its
     * instance, and a restarted replica must take subscribers meanwhile.
     */
    start(): void {
      void replay(0);
      every(PRUNE_EVERY_MS, prune);
      every(REPLAY_AFTER_MS, () => replay(REPLAY_AFTER_MS));
    },
    stop(): void {
      for (const timer of timers.splice(0)) {
        clearInterval(timer);
      }
    },
  };
}
