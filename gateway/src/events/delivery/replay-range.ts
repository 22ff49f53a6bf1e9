import type { SessionEvent } from '@wawp-gateway/schema';
import { type EventLog, seqOf } from '../../store';
import type { Subscriber } from './subscriber';

/** What a resume needs to know. */
export interface ReplayArgs {
  events: Pick<EventLog, 'readAfter' | 'canResume'>;
  /** Resume strictly after this seq. */
  afterSeq: number;
  /** Replay up to this seq (the reader's position when the subscriber registered). */
  untilSeq: number;
  /** The instances replayed; `null` = all. */
  instanceIds: readonly string[] | null;
  /** Whether the subscriber may see a replayed event (checked per event). */
  visible(event: SessionEvent): boolean;
  /** Where the replayed events go; a page is read only once its queue has room for it. */
  into: Pick<Subscriber, 'capacity' | 'ended' | 'whenRoom' | 'replay'>;
  /** Capped at the subscriber's capacity. @default 500 */
  pageSize?: number;
}

/**
 * How a replay ended: `complete` (everything up to `untilSeq` was handed over), `unavailable`
 * (the range cannot be replayed without a gap, and nothing was handed over: a snapshot is due),
 * `gap` (pruning reached the range after part of it was handed over), or `ended` (the subscriber
 * went away; no more is read).
 */
export type ReplayOutcome = 'complete' | 'unavailable' | 'gap' | 'ended';

/**
 * Hands the events in `(afterSeq, untilSeq]` of the given instances to the subscriber in order,
 * a page at a time: the next page is read only once the consumer has drained enough of the queue
 * to hold it, so a long replay costs the queue's capacity plus one page, not the whole range.
 */
export async function replayRange(args: ReplayArgs): Promise<ReplayOutcome> {
  const { events, into, instanceIds } = args;
  const pageSize = Math.max(1, Math.min(args.pageSize ?? 500, into.capacity));
  const whole = (afterSeq: number) => events.canResume({ afterSeq, instanceIds });
  if (into.ended) {
    return 'ended';
  }
  if (!(await whole(args.afterSeq))) {
    return 'unavailable';
  }
  let handed = 0;
  let cursor = args.afterSeq;
  while (cursor < args.untilSeq) {
    if (!(await into.whenRoom(pageSize))) {
      return 'ended';
    }
    const page = await events.readAfter({ afterSeq: cursor, instanceIds, limit: pageSize });
    if (into.ended) {
      return 'ended';
    }
    // Checked from the page's start, after reading it: pruning may have run since the last check
    // and removed events of this very page.
    if (!(await whole(cursor))) {
      return handed === 0 ? 'unavailable' : 'gap';
    }
    if (into.ended) {
      return 'ended';
    }
    for (const event of page) {
      if (seqOf(event) > args.untilSeq) {
        break;
      }
      if (args.visible(event)) {
        into.replay(event);
        handed++;
      }
    }
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) {
      break;
    }
    cursor = seqOf(last);
  }
  return 'complete';
}
