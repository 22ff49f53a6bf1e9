/**
 * The fan-out table on its own (the harness's `fanout` scenario measures the same thing):
 * `pnpm bench:fanout [--n 1000,10000] [--mode on,off,plain] [--events 10] [--warmup 2]
 * [--spacing 300] [--profile DIR]`. Modes: shared execution `on`, `off` (baseline b), `plain`
 * (baseline a, the plain yoga server in a child process). Prints figures; asserts nothing.
 */
import { parseArgs } from 'node:util';
import { LIMITS } from '../../gateway/src/http/limits';
import { type FanoutRow, type FanoutSide, runFanout } from './fanout-run';
import { fmt, formatTable, percentile } from './stats';

const { values } = parseArgs({
  options: {
    n: { type: 'string', default: '1000,10000' },
    events: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    spacing: { type: 'string', default: '300' },
    mode: { type: 'string', default: 'on,off' },
    /** Directory for a `.cpuprofile` of the gateway thread during each event phase. */
    profile: { type: 'string' },
  },
  allowPositionals: true,
});
const sizes = String(values.n)
  .split(',')
  .map((value) => Number(value.replace(/[_,]/g, '')))
  .filter((value) => Number.isInteger(value) && value > 0 && value <= 30_000);
const events = Math.min(50, Math.max(1, Number(values.events)));
const warmupEvents = Math.min(10, Math.max(0, Number(values.warmup)));
const spacingMs = Math.min(2_000, Math.max(100, Number(values.spacing)));
const modes = String(values.mode)
  .split(',')
  .filter((mode): mode is FanoutSide => mode === 'on' || mode === 'off' || mode === 'plain');

const header = [
  'N',
  'server',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'frames/s',
  'exec/event',
  'server CPU ms/event',
  'missing',
  'setup s',
];
const toCells = (row: FanoutRow): string[] => {
  const frames = row.latencies.length;
  const windowMs = row.windowsMs.reduce((sum, ms) => sum + ms, 0);
  return [
    row.n.toLocaleString('en-US'),
    row.mode,
    fmt(percentile(row.latencies, 50)),
    fmt(percentile(row.latencies, 95)),
    fmt(percentile(row.latencies, 99)),
    fmt(percentile(row.latencies, 100)),
    fmt(windowMs > 0 ? (frames * 1_000) / windowMs : Number.NaN, 0),
    fmt(row.executionsPerEvent, 1),
    fmt(row.cpuMsPerEvent, 0),
    String(row.missing),
    fmt(row.subscribeMs / 1_000),
  ];
};

const started = performance.now();
console.log(
  `fan-out: ${events} measured webhooks (+${warmupEvents} warm-up) ≥${spacingMs} ms apart, ` +
    `${LIMITS.subscriptionsPerSocket} subscriptions per socket, clients in a worker thread`,
);
const rows: FanoutRow[] = [];
for (const n of sizes) {
  for (const mode of modes) {
    try {
      const row = await runFanout({
        n,
        mode,
        events,
        warmupEvents,
        spacingMs,
        profileDir: values.profile,
      });
      rows.push(row);
      console.log(
        `N=${n} ${mode}: p99 ${fmt(percentile(row.latencies, 99))} ms; last frame per event (ms): ${row.windowsMs.map((ms) => ms.toFixed(0)).join(' ')}`,
      );
      if (row.failures.length > 0 || row.stray > 0) {
        console.log(`  stray frames ${row.stray}; ${row.failures.slice(0, 5).join('; ')}`);
      }
      if (row.warnings.length > 0) {
        process.stderr.write(`gateway warnings (N=${n}, ${mode}):\n${row.warnings.join('')}`);
      }
    } catch (error) {
      console.log(`N=${n} ${mode}: ${error instanceof Error ? error.message : error}`);
    }
  }
}
console.log(`\n${formatTable(header, rows.map(toCells))}`);
console.log(`total ${fmt((performance.now() - started) / 1_000)} s`);
process.exit(0);
