/** One replica process's resident set: after its warm-up, at its end, and at its highest. */
export interface RssReading {
  label: string;
  start: number | null;
  end: number | null;
  peak: number | null;
  /** The median over `windowMs` from `settledFromMs` on (after the kill's takeover), if it lived then. */
  settled: { fromMs: number; start: number | null } | null;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? null : (sorted[Math.floor(sorted.length / 2)] as number);
};

/**
 * Collects RSS samples of each replica process over the run. One sample depends on where the
 * garbage collector happens to be, so a process's start is the median of its samples over
 * `windowMs` after its warm-up, and its end the median over its last `windowMs`.
 */
export function createRssSampler() {
  const byPid = new Map<number, { label: string; samples: { at: number; bytes: number }[] }>();
  return {
    /** Records `bytes` (null: the process is gone) for process `pid` at `at` ms into the load. */
    add(at: number, label: string, pid: number, bytes: number | null) {
      if (bytes === null) {
        return;
      }
      const entry = byPid.get(pid) ?? { label, samples: [] };
      entry.samples.push({ at, bytes });
      byPid.set(pid, entry);
    },
    /**
     * Every process seen, in the order first seen. `settledFromMs`: a second start, for the
     * processes that were past their warm-up then.
     */
    readings(warmupMs: number, windowMs: number, settledFromMs: number): RssReading[] {
      return [...byPid.values()].map(({ label, samples }) => {
        const first = samples[0]?.at ?? 0;
        const last = samples.at(-1)?.at ?? 0;
        const from = first + warmupMs;
        const within = (a: number, b: number) =>
          samples.filter((s) => s.at >= a && s.at <= b).map((s) => s.bytes);
        return {
          label,
          start: from < last ? median(within(from, from + windowMs)) : null,
          end: median(within(last - windowMs, last)),
          peak: Math.max(...samples.map((s) => s.bytes)),
          settled:
            settledFromMs > from && settledFromMs + windowMs < last
              ? {
                  fromMs: settledFromMs,
                  start: median(within(settledFromMs, settledFromMs + windowMs)),
                }
              : null,
        };
      });
    },
  };
}
