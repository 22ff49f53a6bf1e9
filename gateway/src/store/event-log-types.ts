import type { SessionEvent } from '@wawp-gateway/schema';
import type { LoggedAccessChange } from './access-log';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** One entry of the log: an event, or a change of access (`access-log.ts`). */
export type LogEntry = SessionEvent | LoggedAccessChange;

/** An event before the log has given it a cursor. */
export type NewSessionEvent = DistributiveOmit<SessionEvent, 'cursor'>;

/** The ordered, retention-bounded event log behind `sessionEvents`. */
export interface EventLog {
  /**
   * Appends one event and announces it on the bus (`EventNotice`) in the same transaction.
   * Seqs come from one cluster-wide counter row, so seq order is commit order: a reader that sees
   * seq n also sees every retained seq below it. The cursor is the decimal seq.
   */
  append(event: NewSessionEvent): Promise<SessionEvent>;
  /**
   * Events with seq > `afterSeq`, in seq order; `instanceIds` restricts to those instances
   * (`null`/absent = all, `[]` = none).
   * @default limit 1_000
   */
  readAfter(args: {
    afterSeq: number;
    instanceIds?: readonly string[] | null;
    limit?: number;
  }): Promise<SessionEvent[]>;
  /**
   * Everything after `afterSeq` in log order, access changes included: what a replica's reader
   * follows. Access changes are never returned by `readAfter`.
   * @default limit 1_000
   */
  readLogAfter(args: { afterSeq: number; limit?: number }): Promise<LogEntry[]>;
  /**
   * The entries with these seqs, events or access changes, in seq order; pruned ones are absent.
   * What a reader on the Redis bus reads when a notified entry did not come over the bus.
   */
  readSeqs(seqs: readonly number[]): Promise<LogEntry[]>;
  /** Rows this store has read from the log since it opened (all reads), for metrics. */
  readonly rowsRead: number;
  /** The highest seq ever assigned (0 when none), even if that event was pruned since. */
  latestSeq(): Promise<number>;
  /** The lowest retained seq, for one instance or overall; `null` when nothing is retained. */
  oldestSeq(instanceId?: string): Promise<number | null>;
  /**
   * Whether replaying after `afterSeq` misses nothing: false when pruning removed an event of
   * those instances with seq > `afterSeq`, or when `afterSeq` is beyond `latestSeq()`
   * (a cursor from another database). Check it after replaying, since pruning may run meanwhile.
   */
  canResume(args: { afterSeq: number; instanceIds?: readonly string[] | null }): Promise<boolean>;
  /**
   * Deletes every event beyond the newest `keepPerInstance` of its instance, and every event
   * appended more than `maxAgeMs` ago (database clock). Returns how many were deleted.
   */
  prune(args: { keepPerInstance: number; maxAgeMs: number }): Promise<number>;
}

/** Webhook deliveries by upstream event id: the exactly-once gate of ingest. */
export interface DeliveryLog {
  /**
   * Records a delivery; `true` only for the first record of `eventId` (a unique key, so
   * concurrent duplicates on any replica get `false`). Durable when the promise resolves.
   */
  record(eventId: string, instanceId: string | null, body: unknown): Promise<boolean>;
  /** Marks a recorded delivery as processed (it will not be replayed). */
  markProcessed(eventId: string): Promise<void>;
  /**
   * Recorded deliveries not yet processed and received more than `olderThanMs` ago, oldest
   * first: acknowledged before a crash, they are processed again after it.
   * @default limit 100
   */
  pending(args: { olderThanMs: number; limit?: number }): Promise<PendingDelivery[]>;
  /** Forgets deliveries received more than `maxAgeMs` ago; returns how many. */
  prune(args: { maxAgeMs: number }): Promise<number>;
}

/** A recorded webhook delivery that was never marked processed. */
export interface PendingDelivery {
  eventId: string;
  instanceId: string | null;
  body: unknown;
}
