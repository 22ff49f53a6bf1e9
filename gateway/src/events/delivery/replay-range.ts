import type { SessionEvent } from '@wawp-gateway/schema';
import { type EventLog, seqOf } from '../../store';

/** What a resume needs to know. */
export interface ReplayArgs {
  events: Pick<EventLog, 'readAfter' | 'canResume'>;
  /** Resume strictly after this seq. */
  afterSeq: number;
  /** Replay up to this seq (the reader's position when the subscriber registered). */
  untilSeq: number;
  /** The instances replayed; `null` = all. */
  instanceIds: readonly string[] | null;
  /** A subscriber further behind than this gets a fresh snapshot instead. */
  maxEvents: number;
  /** @default 500 */
  pageSize?: number;
}

/**
 * The events in `(afterSeq, untilSeq]` of the given instances, in order; `null` when that range
 * cannot be replayed without a gap (pruned meanwhile, a cursor from another database) or is
 * longer than `maxEvents`, in which case the subscriber is resynchronised with a snapshot.
 */
export async function replayRange(args: ReplayArgs): Promise<SessionEvent[] | null> {
  const pageSize = args.pageSize ?? 500;
  const replayed: SessionEvent[] = [];
  let cursor = args.afterSeq;
  while (cursor < args.untilSeq) {
    const page = await args.events.readAfter({
      afterSeq: cursor,
      instanceIds: args.instanceIds,
      limit: pageSize,
    });
    for (const event of page) {
      if (seqOf(event) <= args.untilSeq) {
        replayed.push(event);
      }
    }
    if (replayed.length > args.maxEvents) {
      return null;
    }
    const last = page[page.length - 1];
    if (!last || page.length < pageSize) {
      break;
    }
    cursor = seqOf(last);
  }
  // Checked after reading: pruning may have run meanwhile.
  const whole = await args.events.canResume({
    afterSeq: args.afterSeq,
    instanceIds: args.instanceIds,
  });
  return whole ? replayed : null;
}
