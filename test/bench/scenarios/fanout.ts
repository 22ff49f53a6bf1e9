import { type FanoutRow, type FanoutSide, runFanout } from '../fanout-run';
import { percentile } from '../stats';
import { type Figures, pick, type Scenario } from '../types';

const round = (value: number) => Math.round(value * 10) / 10;

/** Prefix of baseline (b)'s keys in `baseline` (baseline (a)'s keys have none); `tables.ts` splits on it. */
const SHARED_OFF_PREFIX = 'b:';

/** The figures of one fan-out row, keys suffixed with N (`p99Ms@1000`) and prefixed with `prefix`. */
function figuresOf(row: FanoutRow, prefix = ''): Figures {
  const n = row.n;
  return {
    [`${prefix}p50Ms@${n}`]: round(percentile(row.latencies, 50)),
    [`${prefix}p99Ms@${n}`]: round(percentile(row.latencies, 99)),
    [`${prefix}maxMs@${n}`]: round(percentile(row.latencies, 100)),
    [`${prefix}execPerEvent@${n}`]: round(row.executionsPerEvent),
    [`${prefix}gwCpuMsPerEvent@${n}`]: round(row.cpuMsPerEvent),
    [`${prefix}missing@${n}`]: row.missing,
  };
}

const SIDES: { side: FanoutSide; label: string }[] = [
  { side: 'on', label: 'ours (shared on)' },
  { side: 'off', label: 'baseline (b), shared off' },
  { side: 'plain', label: 'baseline (a), plain yoga' },
];

/**
 * `fanout`: N subscribers of one instance, webhooks at a fixed pace, webhook POST → frame
 * latency (see `fanout-run.ts`), three servers at each N: ours (shared execution on), baseline
 * (b) (this gateway, shared execution off; keys `b:…` in `baseline`) and baseline (a) (a plain
 * yoga + Pothos + graphql-ws server with yoga's in-memory pubsub, `plain-yoga-server.ts`, in a
 * child process; the unprefixed keys of `baseline`).
 */
export const fanout: Scenario = {
  name: 'fanout',
  async run({ profile, log }) {
    const sizes = pick(profile, { full: [1_000, 10_000, 30_000], medium: [1_000], quick: [200] });
    const events = pick(profile, { full: 10, medium: 4, quick: 3 });
    const warmupEvents = pick(profile, { full: 2, medium: 1, quick: 1 });
    const spacingMs = 300;
    const ours: Figures = {};
    const baseline: Figures = {};
    const rows: FanoutRow[] = [];
    const problems: string[] = [];
    for (const n of sizes) {
      for (const { side, label } of SIDES) {
        try {
          const row = await runFanout({ n, mode: side, events, warmupEvents, spacingMs });
          rows.push(row);
          Object.assign(
            side === 'on' ? ours : baseline,
            figuresOf(row, side === 'off' ? SHARED_OFF_PREFIX : ''),
          );
          log(
            `  N=${n} ${label}: p99 ${round(percentile(row.latencies, 99))} ms, ` +
              `${row.missing} missing, ${row.stray} stray` +
              (row.failures.length > 0 ? `; ${row.failures.slice(0, 3).join('; ')}` : ''),
          );
        } catch (error) {
          // one side failing (a bound hit at 30,000) still leaves the others' figures
          const message = error instanceof Error ? error.message : String(error);
          problems.push(`N=${n} ${label}: ${message.slice(0, 200)}`);
          log(`  N=${n} ${label} failed: ${message}`);
        }
      }
    }
    const p99 = (n: number, side: FanoutSide) => {
      const row = rows.find((r) => r.n === n && r.mode === side);
      return row ? percentile(row.latencies, 99) : Number.NaN;
    };
    const full = profile === 'full';
    const at = sizes.includes(10_000) ? 10_000 : (sizes[sizes.length - 1] as number);
    const ratio = p99(at, 'on') / p99(at, 'plain');
    // comparisons with NaN are false: a side that did not run fails the target
    const met = full ? p99(10_000, 'on') <= 60 && p99(30_000, 'on') <= 200 && ratio <= 1 / 3 : null;
    return {
      name: 'fanout',
      params: {
        sizes,
        events,
        warmupEvents,
        spacingMs,
        baseline: 'baseline (a): plain yoga + Pothos + graphql-ws, in-memory pubsub, own process',
        'b:': 'baseline (b): this gateway, shared execution off',
      },
      ours,
      baseline,
      ratio: Number.isFinite(ratio) ? Math.round(ratio * 100) / 100 : null,
      target:
        'p99 ≤ 60 ms at 10,000 and ≤ 200 ms at 30,000; ≥ 3× lower than a plain yoga + graphql-ws server (a) at 10,000',
      met,
      note:
        `ratio is ours ÷ baseline (a) p99 at N=${at} (met needs ≤ 0.33). gwCpuMsPerEvent is the ` +
        'main-thread CPU of the server measured (the gateway in this process; baseline (a) in its ' +
        'own). Baseline (b) figures are the b: keys of baseline.' +
        (full ? '' : ' Quick sizes: N=10,000 / 30,000 not run.') +
        (problems.length > 0 ? ` Failed: ${problems.join(' | ')}` : ''),
    };
  },
};
