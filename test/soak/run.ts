/**
 * `pnpm soak [--quick]`: a bounded soak of the `sessionEvents` stream. Two gateway replicas on
 * Postgres share one time-scaled simulator; 1,000 subscribers over 20 instances watch while the
 * sessions change continuously, 10 % of the sockets reconnect with `after` at intervals, the
 * simulator injects faults, and one replica is SIGKILLed and restarted. At the end every
 * subscriber's record is checked against the database event log: a missing cursor is a gap, a
 * cursor twice a duplicate. Exits 1 on any loss, disagreement or unexpected error. See README.md.
 */
import { performance } from 'node:perf_hooks';
import { createLeftovers } from '../utils/leftovers';
import { sleep } from '../utils/wait';
import { startSoakCluster } from './soak-cluster';
import { startDriver } from './soak-driver';
import { startFaults } from './soak-faults';
import { mirrorEventLog } from './soak-log';
import { parseSoakOptions, type SoakOptions } from './soak-options';
import type { ResultMessage } from './soak-protocol';
import { formatReport, growthPercent, spread } from './soak-report';
import { createRssSampler } from './soak-rss';
import { settle } from './soak-settle';
import { judge, tamper } from './soak-verdict';
import { startClientWorker } from './soak-worker';

const RSS_GROWTH_LIMIT_PERCENT = 10;
const RSS_SAMPLE_MS = 2_000;

const log = (line: string) => process.stdout.write(`${line}\n`);

async function soak(options: SoakOptions, leftovers: ReturnType<typeof createLeftovers>) {
  const began = performance.now();
  const elapsed = () => `${((performance.now() - began) / 1000).toFixed(0)} s`;

  const cluster = await startSoakCluster(leftovers, {
    instances: options.instances,
    timeScale: options.timeScale,
    pollIntervalMs: options.pollIntervalMs,
  });
  const { world, replicas } = cluster;
  const instanceIds = world.simulator.instanceIds();
  const mirror = mirrorEventLog(world.db.pool, world.db.schema);
  const historyLength = async () =>
    (await Promise.all(instanceIds.map((id) => world.sim.history(id)))).reduce(
      (total, history) => total + history.length,
      0,
    );
  const historyAtStart = await historyLength();
  log(`[${elapsed()}] replicas up: ${replicas.map((r) => `${r.name} ${r.url}`).join(', ')}`);

  const sockets = Math.ceil(options.subscribers / options.perSocket);
  const clients = leftovers.add(
    startClientWorker({
      urls: replicas.map((r) => r.url),
      authorization: `Bearer ${world.adminKey}`,
      instanceIds,
      subscribers: options.subscribers,
      perSocket: options.perSocket,
      subscribeTimeoutMs: 90_000,
    }),
    (worker) => worker.terminate(),
  );
  const ready = await clients.next('ready', 100_000);
  log(
    `[${elapsed()}] ${options.subscribers} subscriptions open in ${(ready.subscribeMs / 1000).toFixed(1)} s`,
  );

  const ask = async () => {
    const answer = clients.next('progress', 10_000);
    clients.send({ type: 'progress' });
    return answer;
  };
  const live = () => replicas.filter((r) => r.process !== null).map((r) => r.url);
  const driver = startDriver({
    sim: world.sim,
    instanceIds,
    adminKey: world.adminKey,
    liveUrls: live,
    stepMs: options.stepMs,
  });
  const faults = startFaults(world.sim, instanceIds, options.faultEveryMs);
  leftovers.add(driver, (d) => d.stop());
  leftovers.add(faults, (f) => f.stop());
  const loadStart = performance.now();
  const sinceLoad = () => performance.now() - loadStart;

  const reconnectCount = Math.max(1, Math.round(sockets * options.reconnectShare));
  const reconnectTimer = setInterval(
    () => clients.send({ type: 'reconnect', count: reconnectCount }),
    options.reconnectEveryMs,
  );
  const mirrorTimer = setInterval(() => void mirror.catchUp().catch(() => {}), 5_000);

  const rss = createRssSampler();
  const sampleRss = async () => {
    for (const slot of replicas) {
      const pid = slot.process?.child.pid;
      if (pid !== undefined) {
        const label = `${slot.name} (pid ${pid}${slot.pids.length > 1 ? ', restarted' : ''})`;
        rss.add(sinceLoad(), label, pid, await cluster.rss(slot));
      }
    }
  };
  let nextSample = 0;

  const kills: string[] = [];
  const victim = replicas.length - 1;
  const schedule: { at: number; run: () => Promise<void> }[] = [
    {
      at: options.killAtMs,
      run: async () => {
        const slot = replicas[victim]!;
        await sampleRss();
        clients.send({ type: 'down', url: slot.url });
        await sleep(100);
        const killedAt = sinceLoad();
        await cluster.kill(slot);
        log(`[${elapsed()}] replica ${slot.name} SIGKILLed`);
        await sleep(options.downMs);
        await cluster.restart(slot);
        clients.send({ type: 'up', url: slot.url });
        clients.send({ type: 'rebalance' });
        kills.push(
          `replica ${slot.name} SIGKILLed at ${(killedAt / 1000).toFixed(0)} s, back at ${(sinceLoad() / 1000).toFixed(0)} s`,
        );
        log(`[${elapsed()}] replica ${slot.name} restarted`);
      },
    },
  ];
  const progressEveryMs = options.quick ? 15_000 : 60_000;
  let nextProgress = progressEveryMs;
  while (sinceLoad() < options.durationMs) {
    if (sinceLoad() >= nextSample) {
      nextSample += RSS_SAMPLE_MS;
      await sampleRss();
    }
    const due = schedule.filter((task) => task.at <= sinceLoad());
    for (const task of due) {
      schedule.splice(schedule.indexOf(task), 1);
      await task.run();
    }
    if (sinceLoad() >= nextProgress) {
      nextProgress += progressEveryMs;
      const progress = await ask().catch(() => null);
      const now = await Promise.all(replicas.map((r) => cluster.rss(r)));
      log(
        `[${elapsed()}] events received ${progress?.events ?? '?'}, sockets open ${progress?.openSockets ?? '?'}/${sockets}, RSS ${replicas.map((r, i) => `${r.name} ${((now[i] ?? 0) / 2 ** 20).toFixed(0)} MiB`).join(', ')}`,
      );
    }
    await sleep(250);
  }
  clearInterval(reconnectTimer);
  const loadMs = sinceLoad();
  await sampleRss();
  log(`[${elapsed()}] load done; settling`);

  const settled = await settle({
    driver,
    faults,
    ask,
    instanceIds,
    db: world.db,
    mirror,
  });
  clearInterval(mirrorTimer);
  const { cut } = settled;
  const finalStatuses =
    settled.statuses ??
    new Map((await world.sim.instances()).map((i) => [i.instance_id, i.status]));
  const historyEntries = (await historyLength()) - historyAtStart;
  const resultPromise = clients.next('result', 30_000);
  clients.send({ type: 'finish' });
  const result: ResultMessage = await resultPromise;
  if (options.selfTest) {
    tamper(result, mirror.seqsOf, cut);
  }
  const verdict = judge({
    result,
    seqsOf: mirror.seqsOf,
    cut,
    finalStatuses,
    replicaOutput: cluster.output(),
    crashed: replicas
      .filter((r) => r.process && r.process.child.exitCode !== null)
      .map((r) => r.name),
  });
  const failures = [...settled.failures, ...verdict.failures];
  const { received } = verdict;

  // the survivor held every subscriber for a while: its RSS once that is a warm-up behind too
  const settledFrom = options.killAtMs + options.downMs + 2 * options.warmupMs;
  const readings = rss.readings(options.warmupMs, options.warmupMs, settledFrom);
  for (const reading of readings) {
    const growth = growthPercent(reading.start, reading.end);
    if (growth !== null && growth >= RSS_GROWTH_LIMIT_PERCENT) {
      log(`warning: RSS of ${reading.label} grew ${growth.toFixed(1)} % after its warm-up`);
    }
  }
  const report = formatReport({
    setup: `${options.subscribers} subscribers over ${instanceIds.length} instances (${sockets} sockets, ${options.perSocket} per socket), ${replicas.length} replicas on Postgres, one simulator (time scale ${options.timeScale})${options.quick ? ', --quick' : ''}${options.selfTest ? ', --self-test (one event dropped, one repeated on purpose)' : ''}`,
    loadMs,
    totalMs: performance.now() - began,
    logged: mirror.total,
    received: received.reduce((a, b) => a + b, 0),
    perSubscriber: spread(received),
    historyEntries,
    reconnects: result.reconnects,
    serverCloses: result.serverCloses,
    faults: faults.counts(),
    kills,
    driver: driver.counts(),
    webhooks: cluster.proxy.counts(),
    rss: readings,
    loss: verdict.loss,
    examples: verdict.examples,
    statuses: verdict.statuses,
    errors: result.errors,
    errorCount: result.errorCount,
    replicaErrors: verdict.replicaErrors,
    failures,
  });
  for (const line of report) {
    log(line);
  }
  if (failures.length > 0 && !options.selfTest) {
    process.stderr.write(`${cluster.output().slice(-20_000)}\n`);
  }
  return failures.length === 0;
}

const options = parseSoakOptions(process.argv.slice(2));
const leftovers = createLeftovers();
let cleaning: Promise<void> | null = null;
const cleanUp = () => {
  cleaning ??= leftovers.disposeAll().catch((error: unknown) => {
    process.stderr.write(`clean-up: ${String(error)}\n`);
  });
  return cleaning;
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    process.stderr.write(`${signal}: cleaning up\n`);
    void cleanUp().finally(() => process.exit(130));
  });
}
// everything is bounded; this is the last resort
const hardStop = setTimeout(
  () => {
    process.stderr.write('soak: over its time bound, giving up\n');
    void cleanUp().finally(() => process.exit(2));
  },
  options.durationMs + 5 * 60_000,
);
let passed = false;
try {
  passed = await soak(options, leftovers);
} catch (error) {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.stack : String(error)}\n`);
} finally {
  await cleanUp();
  clearTimeout(hardStop);
}
process.exit(passed ? 0 : 1);
