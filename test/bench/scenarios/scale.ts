import { runScaleModel, type ScaleModelOptions } from '../scale-model';
import { redisClientNames } from '../scale-redis';
import { type Figures, pick, type Scenario } from '../types';

/** The shared Redis the Redis bus uses (never flushed or stopped here). */
const REDIS_URL = 'redis://127.0.0.1:6379';
/**
 * The replicas' base poll interval: the 2 s floor, as in the events e2e tests (the product's
 * default, `GATEWAY_POLL_INTERVAL_MS`, is 3 s). Instances at rest are polled every 10 s.
 */
const POLL_MS = 2_000;
const TARGET =
  '≤ 1 Wawp status read per instance per poll interval across the cluster; lease owners ' +
  'largest ÷ smallest ≤ 1.5; with Redis: cross-replica webhook → frame p99 ≤ 100 ms and one ' +
  'Postgres row read per event in the whole cluster';

/** Runs one side; a side that fails is reported as null with why. */
async function side(
  name: string,
  options: ScaleModelOptions,
): Promise<{ figures: Figures | null; error: string | null }> {
  const log = (line: string) => options.log(`  ${name}:${line.replace(/^ */, ' ')}`);
  log(`bus ${options.bus ?? 'Postgres LISTEN/NOTIFY'}`);
  try {
    return { figures: await runScaleModel({ ...options, log }), error: null };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`failed: ${message}`);
    return { figures: null, error: `${name} failed: ${message.slice(0, 500)}` };
  }
}

/**
 * Whether the Redis side meets every target; null when a figure it needs is missing, or when its
 * replicas did not use Redis after all.
 */
function judge(ours: Figures): boolean | null {
  if (ours.redisBusConnections === 0) {
    return null;
  }
  const reads = ours.readsPerInstancePerIntervalMax;
  const p99 = ours.crossReplicaP99Ms;
  const rows = ours.rowsReadPerEventCluster;
  if (typeof reads !== 'number' || typeof p99 !== 'number' || typeof rows !== 'number') {
    return null;
  }
  const spread = ours.leaseSpread;
  return reads <= 1 && typeof spread === 'number' && spread <= 1.5 && p99 <= 100 && rows <= 1;
}

/**
 * `scale`: the scale model on both buses, one after the other in one run. R gateway replicas
 * (processes of their own) on one scratch Postgres schema, in front of one time-scaled simulator
 * with I instances; S subscribers spread evenly over the replicas (each instance watched on every
 * replica when S = R × I); `STARTING` webhook claims posted to the replicas in turn, each one
 * webhook event plus the STOPPED that the owner's next poll brings back (so about twice the
 * claim rate in events). Baseline: the Postgres LISTEN/NOTIFY bus (every replica reads every
 * event back from Postgres). Ours: the Redis bus.
 */
export const scale: Scenario = {
  name: 'scale',
  async run({ profile, log }) {
    const sizes = {
      replicas: 3,
      instances: pick(profile, { full: 1_000, medium: 200, quick: 20 }),
      subscribers: pick(profile, { full: 3_000, medium: 600, quick: 60 }),
      // each instance is claimed again only after its STOPPED is back (within one interval)
      claimsPerSecond: pick(profile, { full: 25, medium: 10, quick: 4 }),
      durationMs: pick(profile, { full: 40_000, medium: 12_000, quick: 3_000 }),
      graceMs: pick(profile, { full: 3_000, medium: 2_000, quick: 1_500 }),
      pollIntervalMs: POLL_MS,
      timeScale: 10,
    };
    // quick only checks that the model runs: both sides at once, to stay short in CI
    const together = profile === 'quick';
    const redisUp = (await redisClientNames(REDIS_URL)) !== null;
    const runOurs = () =>
      redisUp
        ? side('ours', { ...sizes, bus: REDIS_URL, redisUrl: REDIS_URL, log })
        : Promise.resolve({
            figures: null,
            error: `ours not run: nothing listens at ${REDIS_URL}`,
          });
    const runBaseline = () => side('baseline', { ...sizes, bus: null, redisUrl: REDIS_URL, log });
    const [baseline, ours] = together
      ? await Promise.all([runBaseline(), runOurs()])
      : [await runBaseline(), await runOurs()];
    const rowsOurs = ours.figures?.rowsReadPerEventCluster;
    const rowsBase = baseline.figures?.rowsReadPerEventCluster;
    const notes = [
      'ratio: Postgres rows read per event in the whole cluster, Redis ÷ Postgres bus ' +
        `(Δ of each replica's wawp_event_log_rows_read_total ÷ events appended; null when a replica does not export it).`,
      'Reads: session/info at the simulator over the claim window, per instance per ' +
        `${POLL_MS / 1_000} s interval. Leases: each replica's wawp_polled_instances at the end (and at the start of the claims). ` +
        'Cross-replica: claim POST to one replica → frame at subscribers of the other two. ' +
        'pgRowsFetchedPerEvent: seq_tup_read + idx_tup_fetch of session_events (pg_stat, ' +
        'every backend, approximate; a small table is seq-scanned whole). redisBusConnections: ' +
        'Redis clients named wawp_<schema>:… (0 = the replicas did not use the Redis bus).',
      ours.figures?.redisBusConnections === 0
        ? 'ours ran on the Postgres bus: no replica connected to Redis (GatewayConfig.bus not honoured yet?).'
        : null,
      baseline.error,
      ours.error,
    ].filter(Boolean);
    return {
      name: 'scale',
      params: {
        ...sizes,
        buses: { baseline: 'postgres-notify', ours: REDIS_URL },
        subscribersPerInstance: sizes.subscribers / sizes.instances,
        sides: together ? 'both at once (quick)' : 'one after the other',
        claimStatus: 'STARTING (instances at rest, STOPPED, polled every 10 s)',
      },
      ours: ours.figures,
      baseline: baseline.figures,
      ratio:
        typeof rowsOurs === 'number' && typeof rowsBase === 'number' && rowsBase > 0
          ? Math.round((rowsOurs / rowsBase) * 1_000) / 1_000
          : null,
      target: TARGET,
      met: profile === 'full' && ours.figures ? judge(ours.figures) : null,
      note: notes.join(' '),
    };
  },
};
