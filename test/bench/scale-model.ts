import { LIMITS } from '../../gateway/src/http/limits';
import { readStats } from './read-stats';
import { startScaleCluster } from './scale-cluster';
import { eventsAfter, metricSum, readLog, scrapeAll } from './scale-probes';
import type { ScaleDoneMessage, ScalePlan, ScaleReadyMessage } from './scale-protocol';
import { redisClientNames } from './scale-redis';
import { percentile } from './stats';
import type { Figures } from './types';
import { nextMessage, startTsWorker } from './worker';

/** The sizes of one run of the scale model. */
export interface ScaleModelOptions {
  replicas: number;
  instances: number;
  /** Subscriptions in all, spread evenly over the replicas. */
  subscribers: number;
  claimsPerSecond: number;
  durationMs: number;
  graceMs: number;
  pollIntervalMs: number;
  timeScale: number;
  /** `GatewayConfig.bus`: a `redis://` URL, or null for Postgres LISTEN/NOTIFY. */
  bus: string | null;
  /** The Redis whose `CLIENT LIST` tells whether the replicas use the Redis bus. */
  redisUrl: string;
  log(line: string): void;
}

/** The counter of event-log rows a replica read (all reads), once the gateway exports it. */
const ROWS_READ = 'wawp_event_log_rows_read_total';
/** The gauge of instances a replica polls (holds the lease of). */
const POLLED = 'wawp_polled_instances';

const round = (value: number, digits = 2) => {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
};

/** `count` items of `list` in a shuffled order (seeded: runs stay comparable), cycling. */
function shuffledCycle(list: string[], count: number, seed: number): string[] {
  let state = seed * 2_654_435_761 + 1;
  const random = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state / 2_147_483_648;
  };
  const order = [...list];
  for (let i = order.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j] as string, order[i] as string];
  }
  return Array.from({ length: count }, (_, i) => order[i % order.length] as string);
}

/**
 * Runs the scale model once on one bus: a cluster of replicas ({@link startScaleCluster}),
 * subscribers on every replica (each replica watches the instances in its own shuffled order,
 * so which replica takes an instance's lease first is left to chance), then `STARTING` claims at
 * a fixed pace posted to the replicas in turn. Each claim is one webhook event, and the owner's
 * next poll brings STOPPED back (one poll event). Returns the side's figures.
 */
export async function runScaleModel(options: ScaleModelOptions): Promise<Figures> {
  const { log } = options;
  const t0 = performance.now();
  const cluster = await startScaleCluster(options);
  log(`  ${options.replicas} replicas up in ${Math.round(performance.now() - t0)} ms`);
  const perReplica = Math.ceil(options.subscribers / options.replicas);
  const plan: ScalePlan = {
    replicaUrls: cluster.urls,
    authorization: `Bearer ${cluster.adminKey}`,
    webhookToken: cluster.webhookToken,
    subscriptions: cluster.urls.map((_, r) => shuffledCycle(cluster.instanceIds, perReplica, r)),
    perSocket: LIMITS.subscriptionsPerSocket,
    socketConcurrency: 6,
    instanceIds: cluster.instanceIds,
    claimsPerSecond: options.claimsPerSecond,
    durationMs: options.durationMs,
    graceMs: options.graceMs,
    subscribeTimeoutMs: 120_000,
  };
  const worker = startTsWorker(new URL('./scale-clients.ts', import.meta.url), plan);
  try {
    const ready = await nextMessage<ScaleReadyMessage>(worker, plan.subscribeTimeoutMs + 10_000);
    log(`  ${perReplica * options.replicas} subscriptions in ${Math.round(ready.subscribeMs)} ms`);
    const textsBefore = await scrapeAll(cluster.urls);
    const rowsBefore = textsBefore.map((text) => metricSum(text, ROWS_READ));
    const ownersBefore = textsBefore.map((text) => metricSum(text, POLLED) ?? 0);
    const logBefore = await readLog(cluster.db.pool, cluster.db.schema);
    cluster.takeReads();
    const finished = nextMessage<ScaleDoneMessage>(
      worker,
      options.durationMs + options.graceMs + 30_000,
    );
    worker.postMessage('go');
    const done = await finished;
    const reads = cluster.takeReads();
    const texts = await scrapeAll(cluster.urls);
    // the Redis bus names its connections `wawp_<schema>:bus` (publisher and subscriber)
    const redisNames = await redisClientNames(options.redisUrl);
    const busConnections =
      redisNames?.filter((name) => name.startsWith(`wawp_${cluster.db.schema}:`)).length ?? null;
    const logAfter = await readLog(cluster.db.pool, cluster.db.schema);
    const { events, webhookEvents } = await eventsAfter(
      cluster.db.pool,
      cluster.db.schema,
      logBefore.maxSeq,
    );

    const windowMs = done.to - done.from;
    const inWindow = new Map<string, number[]>();
    for (const [id, times] of reads) {
      const kept = times.filter((t) => t >= done.from && t <= done.to);
      if (kept.length > 0) {
        inWindow.set(id, kept);
      }
    }
    const stats = readStats(
      inWindow,
      options.instances,
      windowMs,
      options.pollIntervalMs,
      options.pollIntervalMs,
    );
    const owners = texts.map((text) => metricSum(text, POLLED) ?? 0);
    const rowsRead = texts.map((text, i) => {
      const after = metricSum(text, ROWS_READ);
      const before = rowsBefore[i];
      return after === null || before === null || before === undefined ? null : after - before;
    });
    const perEvent = (rows: number) => (events > 0 ? round(rows / events, 3) : null);
    const rowsKnown = rowsRead.every((rows) => rows !== null);
    const cross = Float64Array.from(done.crossMs).sort();
    const local = Float64Array.from(done.localMs).sort();
    const ms = (sorted: Float64Array, p: number) =>
      sorted.length > 0 ? round(percentile(sorted, p), 1) : null;
    log(
      `  ${events} events (${webhookEvents} from webhooks) in ${windowMs} ms; cross-replica p99 ` +
        `${ms(cross, 99)} ms; leases ${owners.join('/')}; ` +
        `${stats.maxReadsPerInstancePerInterval} reads/instance/interval at most`,
    );
    return {
      events,
      eventsPerSecond: round((events * 1_000) / windowMs, 1),
      webhookEvents,
      claims: done.claims,
      claimErrors: done.postErrors,
      claimsUnseen: done.claimsUnseen,
      missingFrames: done.missingFrames,
      frames: done.frames,
      readsPerInstancePerIntervalMax: stats.maxReadsPerInstancePerInterval,
      readsPerInstancePerIntervalMean: round(
        (stats.readsPerInstancePerMin * options.pollIntervalMs) / 60_000,
        3,
      ),
      instancesRead: stats.instancesRead,
      minGapMs: stats.minGapMs,
      gapsUnderInterval: stats.gapsUnderFloor,
      leaseOwners: owners.join('/'),
      leaseOwnersAtStart: ownersBefore.join('/'),
      leasedInstances: owners.reduce((a, b) => a + b, 0),
      leaseSpread:
        Math.min(...owners) > 0 ? round(Math.max(...owners) / Math.min(...owners), 3) : null,
      crossReplicaP50Ms: ms(cross, 50),
      crossReplicaP99Ms: ms(cross, 99),
      crossReplicaMaxMs: ms(cross, 100),
      crossReplicaFrames: cross.length,
      localP99Ms: ms(local, 99),
      rowsReadPerEventPerReplica: rowsKnown ? perEvent(Math.max(...(rowsRead as number[]))) : null,
      rowsReadPerEventCluster: rowsKnown
        ? perEvent((rowsRead as number[]).reduce((a, b) => a + b, 0))
        : null,
      rowsReadByReplica: rowsKnown ? rowsRead.join('/') : null,
      pgRowsFetchedPerEvent: perEvent(logAfter.rowsFetched - logBefore.rowsFetched),
      redisBusConnections: busConnections,
      subscribeMs: Math.round(ready.subscribeMs),
      failures: done.failures.length > 0 ? done.failures.slice(0, 3).join('; ') : null,
    };
  } finally {
    await worker.terminate();
    await cluster.stop();
  }
}
