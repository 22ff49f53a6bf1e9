/** What one subscriber got wrong against the log: the soak's definition of loss. */
export interface Discrepancy {
  /** Seqs of the log within the window that it never received. */
  gaps: number[];
  /** Seqs it received more than once (once per extra copy). */
  duplicates: number[];
  /** Seqs it received that are not events of its instance within the window. */
  unknown: number[];
}

/**
 * Compares what a subscriber received with the log. Its window is `(firstSnapshot, cut]`: from
 * its first snapshot's cursor (exclusive) to the log position the run settled at. `logSeqs` are
 * the seqs of its instance's events, increasing; `received` the cursors of the change events it
 * got, across its reconnects. Cursors are seqs of one global log, so they are increasing per
 * instance but not dense: only the log says which ones exist.
 */
export function compareWithLog(
  logSeqs: readonly number[],
  received: readonly number[],
  firstSnapshot: number,
  cut: number,
): Discrepancy {
  const seen = new Map<number, number>();
  const duplicates: number[] = [];
  for (const cursor of received) {
    const count = (seen.get(cursor) ?? 0) + 1;
    seen.set(cursor, count);
    if (count > 1) {
      duplicates.push(cursor);
    }
  }
  const window = logSeqs.filter((seq) => seq > firstSnapshot && seq <= cut);
  const inWindow = new Set(window);
  const gaps = window.filter((seq) => !seen.has(seq));
  // past the cut is past what the check looks at
  const unknown = [...seen.keys()].filter((cursor) => cursor <= cut && !inWindow.has(cursor));
  return { gaps, duplicates, unknown };
}

/** Adds up the discrepancies of every subscriber. */
export function totalOf(discrepancies: readonly Discrepancy[]) {
  return discrepancies.reduce(
    (sum, d) => ({
      gaps: sum.gaps + d.gaps.length,
      duplicates: sum.duplicates + d.duplicates.length,
      unknown: sum.unknown + d.unknown.length,
    }),
    { gaps: 0, duplicates: 0, unknown: 0 },
  );
}
