import type { RssReading } from './soak-rss';

/** Min, median and max of `values` (0s when empty). */
export function spread(values: readonly number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { min: sorted[0] ?? 0, median: at(0.5), max: sorted.at(-1) ?? 0 };
}

/** Everything the soak prints at the end. */
export interface SoakReport {
  setup: string;
  loadMs: number;
  totalMs: number;
  logged: number;
  received: number;
  perSubscriber: { min: number; median: number; max: number };
  historyEntries: number;
  reconnects: { planned: number; rebalanced: number; afterKill: number; other: number };
  serverCloses: Record<string, number>;
  faults: Record<string, number>;
  kills: string[];
  driver: { actions: Record<string, number>; failed: Record<string, number> };
  webhooks: { forwarded: number[]; failed: number };
  rss: RssReading[];
  loss: { gaps: number; duplicates: number; unknown: number };
  examples: string[];
  statuses: { agree: number; total: number; mismatches: string[] };
  errors: string[];
  errorCount: number;
  /** Replica log lines at level error or fatal. */
  replicaErrors: string[];
  failures: string[];
}

const int = (n: number) => n.toLocaleString('en-US');
const mib = (bytes: number | null) =>
  bytes === null ? '?' : `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
const list = (counts: Record<string, number>) =>
  Object.entries(counts)
    .map(([key, n]) => `${key} ${int(n)}`)
    .join(', ') || 'none';

/** The growth from `start` to `end` in percent, or null when either is unknown. */
export const growthPercent = (start: number | null, end: number | null) =>
  start && end ? ((end - start) / start) * 100 : null;

const percent = (start: number | null, end: number | null) => {
  const growth = growthPercent(start, end);
  return growth === null ? '?' : `${growth >= 0 ? '+' : ''}${growth.toFixed(1)} %`;
};

/** The report as lines of text; the last one says PASSED or FAILED. */
export function formatReport(r: SoakReport): string[] {
  const lines = [
    `soak: ${r.setup}`,
    `load: ${(r.loadMs / 1000).toFixed(0)} s (whole run ${(r.totalMs / 1000).toFixed(0)} s)`,
    `events: ${int(r.logged)} in the log, ${int(r.received)} received; per subscriber min ${int(r.perSubscriber.min)} / median ${int(r.perSubscriber.median)} / max ${int(r.perSubscriber.max)}`,
    `simulator history: ${int(r.historyEntries)} status entries during the run`,
    `reconnects: ${int(r.reconnects.planned)} planned, ${int(r.reconnects.rebalanced)} to rebalance, ${int(r.reconnects.afterKill)} after the kill (all with after), ${int(r.reconnects.other)} other; server closes: ${list(r.serverCloses)}`,
    `faults: ${int(sum(r.faults))} injected (${list(r.faults)})`,
    `kills: ${r.kills.length} (${r.kills.join('; ') || 'none'})`,
    `driver: ${int(sum(r.driver.actions))} actions (${list(r.driver.actions)}); ${int(sum(r.driver.failed))} failed, expected under faults and the kill (${list(r.driver.failed)})`,
    `webhooks via the proxy: ${r.webhooks.forwarded.map((n, i) => `${String.fromCharCode(65 + i)} ${int(n)}`).join(', ')}, unanswered ${int(r.webhooks.failed)}`,
    ...r.rss.map((reading) => {
      const line = `RSS ${reading.label}: ${mib(reading.start)} -> ${mib(reading.end)} (${percent(reading.start, reading.end)}), peak ${mib(reading.peak)}`;
      const settled = reading.settled;
      return settled
        ? `${line}; from ${(settled.fromMs / 1000).toFixed(0)} s on: ${mib(settled.start)} -> ${mib(reading.end)} (${percent(settled.start, reading.end)})`
        : line;
    }),
    `loss: ${r.loss.gaps} gaps, ${r.loss.duplicates} duplicates, ${r.loss.unknown} unknown cursors`,
    ...r.examples.map((example) => `  ${example}`),
    `final status: ${r.statuses.agree}/${r.statuses.total} subscribers agree with the simulator`,
    ...r.statuses.mismatches.slice(0, 10).map((m) => `  ${m}`),
    `errors: ${r.errorCount}`,
    ...r.errors.slice(0, 20).map((e) => `  ${e}`),
    `replica log errors: ${r.replicaErrors.length}`,
    ...r.replicaErrors.slice(0, 10).map((e) => `  ${e.slice(0, 400)}`),
  ];
  lines.push(r.failures.length === 0 ? 'SOAK PASSED' : `SOAK FAILED: ${r.failures.join('; ')}`);
  return lines;
}
