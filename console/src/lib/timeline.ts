/** One line of the event timeline; `key` is unique per instance and cursor. */
export interface TimelineEntry {
  key: string;
  cursor: string;
  instanceId: string;
  occurredAt: string;
  /** `POLL`, `WEBHOOK` or `GATEWAY`. */
  source: string;
  /** Short event name, e.g. `Status` or `QR code`. */
  kind: string;
  detail: string;
}

/** Cursors are only unique per instance, so the fleet timeline keys on both. */
export const timelineKey = (event: { instanceId: string; cursor: string }) =>
  `${event.instanceId}\u0000${event.cursor}`;

/** @default 200 entries kept per timeline */
export const TIMELINE_LIMIT = 200;

/**
 * Appends `incoming` to `current`, dropping any entry whose cursor is already there (a replay
 * after a reconnect, or a snapshot repeating the last cursor), and keeps the newest `limit`.
 * Arrival order is cursor order per instance, so nothing is re-sorted. Returns `current` itself
 * when nothing is new, so memos downstream do not re-run.
 */
export function mergeTimeline(
  current: readonly TimelineEntry[],
  incoming: readonly TimelineEntry[],
  limit = TIMELINE_LIMIT,
): readonly TimelineEntry[] {
  const seen = new Set(current.map((entry) => entry.key));
  const added: TimelineEntry[] = [];
  for (const entry of incoming) {
    if (!seen.has(entry.key)) {
      seen.add(entry.key);
      added.push(entry);
    }
  }
  if (added.length === 0) {
    return current;
  }
  return [...current, ...added].slice(-limit);
}
