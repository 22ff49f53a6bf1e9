import { type IdleMemory, type IdleMemoryPlan, measureIdleMemory } from '../idle-memory';
import { type MemoryServer, startGatewayProcess, startPlainProcess } from '../memory-servers';
import { createScratchDatabase } from '../scratch-database';
import { type Figures, pick, type Scenario } from '../types';

const TARGET = 'RSS delta ÷ N ≤ 16 KiB per idle subscriber at 10,000 and 30,000';

/** The figures of one reading, keys suffixed with N (`kibPerSubscriber@10000`). */
const figuresOf = (n: number, m: IdleMemory): Figures => ({
  [`kibPerSubscriber@${n}`]: m.kibPerSubscriber,
  [`marginalKib@${n}`]: m.marginalKib,
  [`rssBeforeMiB@${n}`]: m.beforeMiB,
  [`rssMidMiB@${n}`]: m.midMiB,
  [`rssAfterMiB@${n}`]: m.afterMiB,
  [`subscribeS@${n}`]: Math.round(m.subscribeMs / 100) / 10,
  [`idleFrames@${n}`]: m.frames,
});

/** Starts a fresh server, takes one reading, stops it (also on failure). */
async function readingOf(start: () => Promise<MemoryServer>, plan: IdleMemoryPlan) {
  const started = performance.now();
  const server = await start();
  const up = performance.now();
  try {
    const reading = await measureIdleMemory(server, plan);
    return { reading, startS: (up - started) / 1_000, measureS: (performance.now() - up) / 1_000 };
  } finally {
    await server.stop();
  }
}

/**
 * `memory`: RSS per idle subscriber. At each N, a fresh gateway process (as `pnpm start` runs
 * it, on a scratch Postgres database) and a fresh baseline (a) process (the plain yoga server,
 * same Node flags) each get warmed up, read, N idle `sessionEvents` subscriptions from a worker
 * thread of this process (snapshot, then nothing), and read again: (after − before) ÷ N.
 */
export const memory: Scenario = {
  name: 'memory',
  async run({ profile, log }) {
    const sizes = pick(profile, { full: [10_000, 30_000], medium: [2_000], quick: [300] });
    const base = pick<Omit<IdleMemoryPlan, 'n'>>(profile, {
      full: { warmup: 500, settleMs: 5_000, samples: 7, gapMs: 300, subscribeTimeoutMs: 300_000 },
      medium: { warmup: 200, settleMs: 1_500, samples: 7, gapMs: 300, subscribeTimeoutMs: 60_000 },
      quick: { warmup: 0, settleMs: 300, samples: 3, gapMs: 150, subscribeTimeoutMs: 30_000 },
    });
    const ours: Figures = {};
    const baseline: Figures = {};
    const problems: string[] = [];
    const db = await createScratchDatabase('bench_mem');
    try {
      for (const n of sizes) {
        const sides = [
          { label: 'gateway (Postgres)', figures: ours, start: () => startGatewayProcess(db.url) },
          { label: 'baseline (a), plain yoga', figures: baseline, start: startPlainProcess },
        ];
        for (const { label, figures, start } of sides) {
          try {
            const { reading, startS, measureS } = await readingOf(start, { ...base, n });
            Object.assign(figures, figuresOf(n, reading));
            log(
              `  N=${n} ${label}: ${reading.kibPerSubscriber} KiB each, marginal ` +
                `${reading.marginalKib} (${reading.beforeMiB} → ${reading.midMiB} → ` +
                `${reading.afterMiB} MiB; up in ${startS.toFixed(1)} s, measured in ${measureS.toFixed(1)} s)` +
                (reading.failures.length > 0 ? `; ${reading.failures.slice(0, 3).join('; ')}` : ''),
            );
          } catch (error) {
            // one side failing still leaves the other's figures
            const message = error instanceof Error ? error.message : String(error);
            problems.push(`N=${n} ${label}: ${message.slice(0, 200)}`);
            log(`  N=${n} ${label} failed: ${message}`);
          }
        }
      }
    } finally {
      await db.drop();
    }
    const kib = (figures: Figures, n: number) => {
      const value = figures[`kibPerSubscriber@${n}`];
      return typeof value === 'number' ? value : Number.NaN;
    };
    const full = profile === 'full';
    const at = sizes.includes(10_000) ? 10_000 : (sizes[sizes.length - 1] as number);
    const ratio = kib(ours, at) / kib(baseline, at);
    return {
      name: 'memory',
      params: {
        sizes,
        ...base,
        store: 'Postgres (a scratch database, dropped after)',
        rss: 'median of the samples; largest process of the group (not tsx’s wrapper)',
        baseline: 'baseline (a): plain yoga + Pothos + graphql-ws, in-memory pubsub, own process',
      },
      ours,
      baseline,
      ratio: Number.isFinite(ratio) ? Math.round(ratio * 100) / 100 : null,
      target: TARGET,
      // comparisons with NaN are false: a size that did not run fails the target
      met: full ? kib(ours, 10_000) <= 16 && kib(ours, 30_000) <= 16 : null,
      note:
        `ratio is ours ÷ baseline (a) kibPerSubscriber at N=${at}: (after − before) ÷ N. ` +
        'marginalKib: (after − mid) ÷ N/2, RSS at N against RSS at N/2, without the one-off growth ' +
        'the first subscribers bring. A fresh process per side and N; both run with the Node flags ' +
        'of pnpm start (--max-semi-space-size=64).' +
        (full ? '' : ' Quick sizes: the delta is within RSS noise; N=10,000 / 30,000 not run.') +
        (problems.length > 0 ? ` Failed: ${problems.join(' | ')}` : ''),
    };
  },
};
