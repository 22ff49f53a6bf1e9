/** Read counts of many instances over a window: the per-instance rate and the tightest gap. */
export interface ReadStats {
  /** Instances with at least one read. */
  instancesRead: number;
  /** Mean reads per instance per minute (over every instance, read or not). */
  readsPerInstancePerMin: number;
  /** The largest count of one instance ÷ the number of poll intervals in the window. */
  maxReadsPerInstancePerInterval: number;
  /** Smallest ms between two reads of one instance; null when no instance was read twice. */
  minGapMs: number | null;
  /** Pairs of reads of one instance closer than `floorMs`. */
  gapsUnderFloor: number;
}

/**
 * Summarises read timestamps (unix ms) per instance over `windowMs` for `instances` instances,
 * with poll interval `intervalMs` and floor `floorMs`.
 */
export function readStats(
  timesByInstance: Map<string, number[]>,
  instances: number,
  windowMs: number,
  intervalMs: number,
  floorMs: number,
): ReadStats {
  let total = 0;
  let max = 0;
  let minGap = Number.POSITIVE_INFINITY;
  let under = 0;
  for (const times of timesByInstance.values()) {
    const sorted = [...times].sort((a, b) => a - b);
    total += sorted.length;
    max = Math.max(max, sorted.length);
    for (let i = 1; i < sorted.length; i += 1) {
      const gap = (sorted[i] as number) - (sorted[i - 1] as number);
      minGap = Math.min(minGap, gap);
      if (gap < floorMs) {
        under += 1;
      }
    }
  }
  const round = (value: number) => Math.round(value * 100) / 100;
  return {
    instancesRead: timesByInstance.size,
    readsPerInstancePerMin: round((total / Math.max(1, instances)) * (60_000 / windowMs)),
    maxReadsPerInstancePerInterval: round(max / (windowMs / intervalMs)),
    minGapMs: Number.isFinite(minGap) ? minGap : null,
    gapsUnderFloor: under,
  };
}
