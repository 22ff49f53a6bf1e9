import { readFileSync } from 'node:fs';

/** Nearest-rank percentile of an ascending array (`p` in 0–100); NaN when empty. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) {
    return Number.NaN;
  }
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

/** Right-aligned text table with a header row and a rule under it. */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)),
  );
  const line = (cells: string[]) =>
    cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join('  ');
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('  '),
    ...rows.map(line),
  ].join('\n');
}

/** `1234.5` -> `1,235`; `12.34` -> `12.3`. */
export const fmt = (value: number, digits = 1): string =>
  Number.isNaN(value)
    ? '-'
    : value.toLocaleString('en-US', {
        maximumFractionDigits: value >= 1_000 ? 0 : digits,
        minimumFractionDigits: value >= 1_000 ? 0 : digits,
      });

/**
 * CPU time (ms) thread `tid` of process `pid` has used, from `/proc` (Linux; clock ticks of
 * 10 ms): unlike wall-clock latency it does not grow when other processes share the cores.
 * `null` elsewhere, or when the thread is gone. A process's main thread has `tid === pid`.
 */
export function threadCpuMs(pid: number, tid = pid): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
    // fields after the `(comm)`: state is 3rd, utime 14th, stime 15th
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1_000) / 100;
  } catch {
    return null;
  }
}

/** CPU time (ms) this process's main thread has used ({@link threadCpuMs}); `null` off Linux. */
export const mainThreadCpuMs = (): number | null => threadCpuMs(process.pid);
