import type { SessionEvent } from '@wawp-gateway/schema';

/**
 * The one codec between an event's `cursor` (what clients see and send back as `after`) and its
 * `seq` in the log: the cursor is the decimal seq.
 */
export function toCursor(seq: number): string {
  return String(seq);
}

/** The seq of a cursor, or `null` when it is not one this store issued. */
export function toSeq(cursor: string): number | null {
  if (!/^\d{1,15}$/.test(cursor)) {
    return null;
  }
  return Number(cursor);
}

/** The seq of an event read from the log (its cursor was issued by {@link toCursor}). */
export function seqOf(event: Pick<SessionEvent, 'cursor'>): number {
  return Number(event.cursor);
}
