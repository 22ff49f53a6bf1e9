import { type Bus, type EventLog, type LogEntry, seqOf } from '../../store';
import type { EventsLogger } from '../types';

/** Options of {@link createEventReader}. */
export interface EventReaderOptions {
  events: Pick<EventLog, 'readLogAfter' | 'latestSeq'>;
  bus: Pick<Bus, 'listen'>;
  /** Runs before a batch is dispatched (e.g. refreshing tenant assignments); a throw retries it. */
  prepare(batch: LogEntry[]): Promise<void>;
  /**
   * Hands a batch of log entries (events and access changes), in seq order, on to local
   * subscribers; `lastSeq` moves in the same tick.
   */
  dispatch(batch: LogEntry[]): void;
  logger: EventsLogger;
  /** @default 500 */
  pageSize?: number;
  /** Delay before reading again after a failed read. @default 1_000 // 1 s */
  retryMs?: number;
}

/**
 * The replica's one reader of the event log: woken by every NOTIFY (from any replica) and by a
 * reconnect of the LISTEN connection, it reads everything after the last dispatched seq, in
 * order, so events missed by a lost notification are still delivered, once.
 */
export function createEventReader(options: EventReaderOptions) {
  const pageSize = options.pageSize ?? 500;
  let lastSeq = 0;
  let ready = false;
  let stopped = false;
  let again = false;
  let running: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let unlisten: (() => Promise<void>) | null = null;
  const waiters = new Set<{ seq: number; resolve: () => void }>();

  const settleWaiters = () => {
    for (const waiter of waiters) {
      if (stopped || lastSeq >= waiter.seq) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const pump = async () => {
    do {
      again = false;
      for (;;) {
        // Seqs below a waiter's target are committed (seq order is commit order), so once a read
        // started after the wait comes back short, any that did not show up were pruned.
        const target = Math.max(0, ...[...waiters].map((waiter) => waiter.seq));
        const batch = await options.events.readLogAfter({ afterSeq: lastSeq, limit: pageSize });
        if (stopped) {
          break;
        }
        if (batch.length > 0) {
          await options.prepare(batch);
          const fresh = batch.filter((event) => seqOf(event) > lastSeq);
          // dispatch and advance in one tick: a subscriber registering meanwhile sees both or neither
          options.dispatch(fresh);
          lastSeq = Math.max(lastSeq, seqOf(batch[batch.length - 1] as LogEntry));
        }
        if (batch.length < pageSize) {
          lastSeq = Math.max(lastSeq, target);
          settleWaiters();
          break;
        }
        settleWaiters();
      }
    } while (again && !stopped);
  };

  const wake = () => {
    if (!ready || stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = pump()
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'events: reading the log failed; retrying');
        clearTimeout(retryTimer);
        retryTimer = setTimeout(wake, options.retryMs ?? 1_000);
      })
      .finally(() => {
        running = null;
      });
  };

  return {
    /** The highest seq dispatched to local subscribers. */
    get lastSeq() {
      return lastSeq;
    },
    /** Starts listening; events appended before this are served from the log, not dispatched. */
    async start(): Promise<void> {
      unlisten = await options.bus.listen(wake, { onReconnect: wake });
      lastSeq = await options.events.latestSeq();
      ready = true;
      wake();
    },
    /** Resolves once every event up to `seq` was dispatched (or the reader stopped). */
    caughtUp(seq: number): Promise<void> {
      if (lastSeq >= seq || stopped) {
        return Promise.resolve();
      }
      const done = new Promise<void>((resolve) => waiters.add({ seq, resolve }));
      wake();
      return done;
    },
    /** Reads now (tests, or after a local append when NOTIFY is slow). */
    wake,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(retryTimer);
      await unlisten?.();
      await running;
      settleWaiters();
    },
  };
}

export type EventReader = ReturnType<typeof createEventReader>;
