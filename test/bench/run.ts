/**
 * Fan-out benchmark: N graphql-ws subscribers of one instance's `sessionEvents` with
 * the same document, K webhooks, latency from each webhook POST to each subscriber's frame —
 * with shared execution on and off, side by side. `pnpm bench [--n 1000,10000] [--events 10]
 * [--warmup 2] [--spacing 300]`. Prints figures; asserts nothing.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { LIMITS } from '../../gateway/src/http/limits';
import { startBenchGateway } from './fanout-gateway';
import type { ClientPlan, DoneMessage, ReadyMessage, WorkerMessage } from './fanout-protocol';
import { startProfile } from './profile';
import { fmt, formatTable, mainThreadCpuMs, percentile } from './stats';

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
  .filter((value) => Number.isInteger(value) && value > 0 && value <= 20_000);
const events = Math.min(50, Math.max(1, Number(values.events)));
const warmupEvents = Math.min(10, Math.max(0, Number(values.warmup)));
const spacingMs = Math.min(2_000, Math.max(100, Number(values.spacing)));
const modes = String(values.mode)
  .split(',')
  .filter((mode): mode is 'on' | 'off' => mode === 'on' || mode === 'off');

interface Row {
  n: number;
  mode: 'on' | 'off';
  subscribeMs: number;
  latencies: Float64Array;
  windowsMs: number[];
  executionsPerEvent: number;
  /** Gateway thread CPU per webhook (warm-up included), whatever else runs on the machine. */
  cpuMsPerEvent: number;
  missing: number;
  stray: number;
  failures: string[];
}

/** A worker running `fanout-clients.ts` through tsx (workers do not inherit tsx's loader). */
function startClients(plan: ClientPlan): Worker {
  const tsx = import.meta.resolve('tsx/esm/api');
  const entry = new URL('./fanout-clients.ts', import.meta.url).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(boot, { eval: true, workerData: plan });
}

function nextMessage(worker: Worker, timeoutMs: number): Promise<WorkerMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`no word from the clients within ${timeoutMs} ms`));
    }, timeoutMs);
    const onMessage = (message: WorkerMessage) => {
      cleanup();
      if (message.type === 'failed') {
        reject(new Error(message.error));
      } else {
        resolve(message);
      }
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    const onExit = (code: number) => {
      cleanup();
      reject(new Error(`the client worker exited with ${code}`));
    };
    const cleanup = () => {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}

async function runOnce(n: number, mode: 'on' | 'off'): Promise<Row> {
  const bench = await startBenchGateway(mode === 'on');
  const plan: ClientPlan = {
    url: bench.url,
    authorization: `Bearer ${bench.adminKey}`,
    webhookToken: bench.webhookToken,
    instanceId: bench.instanceId,
    subscribers: n,
    perSocket: LIMITS.subscriptionsPerSocket,
    warmupEvents,
    events,
    spacingMs,
    subscribeTimeoutMs: 90_000,
    eventTimeoutMs: 10_000,
    profile: values.profile ? join(values.profile, `fanout-${n}-${mode}-clients.cpuprofile`) : null,
  };
  const worker = startClients(plan);
  try {
    const ready = (await nextMessage(worker, plan.subscribeTimeoutMs + 10_000)) as ReadyMessage;
    const before = bench.executions();
    const cpuBefore = mainThreadCpuMs();
    const finished = nextMessage(
      worker,
      (warmupEvents + events) * (plan.eventTimeoutMs + spacingMs) + 10_000,
    );
    const profiler = values.profile ? await startProfile() : null;
    worker.postMessage('go');
    const done = (await finished) as DoneMessage;
    const executions = bench.executions() - before;
    const cpuAfter = mainThreadCpuMs();
    if (profiler && values.profile) {
      const file = join(values.profile, `fanout-${n}-${mode}-gateway.cpuprofile`);
      await profiler.stopTo(file);
      console.log(`  profiles of the event phase: ${file}, ${plan.profile}`);
    }
    if (bench.warnings.length > 0) {
      process.stderr.write(
        `gateway warnings (N=${n}, shared ${mode}):\n${bench.warnings.join('')}`,
      );
    }
    return {
      n,
      mode,
      subscribeMs: ready.subscribeMs,
      latencies: done.latencies.sort(),
      windowsMs: done.windowsMs,
      executionsPerEvent: executions / done.posted,
      cpuMsPerEvent:
        cpuBefore === null || cpuAfter === null ? Number.NaN : (cpuAfter - cpuBefore) / done.posted,
      missing: done.missing,
      stray: done.stray,
      failures: done.failures,
    };
  } finally {
    await worker.terminate();
    await bench.gateway.stop();
  }
}

const header = [
  'N',
  'shared',
  'p50 ms',
  'p95 ms',
  'p99 ms',
  'max ms',
  'frames/s',
  'exec/event',
  'gw CPU ms/event',
  'missing',
  'setup s',
];
const toCells = (row: Row): string[] => {
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
    `${LIMITS.subscriptionsPerSocket} subscriptions per socket, clients in a worker thread, ` +
    `gateway Node flags: ${process.execArgv.filter((flag) => flag.startsWith('--max-')).join(' ') || 'none'}`,
);
const rows: Row[] = [];
for (const n of sizes) {
  for (const mode of modes) {
    try {
      const row = await runOnce(n, mode);
      rows.push(row);
      const p99 = fmt(percentile(row.latencies, 99));
      const windows = row.windowsMs.map((ms) => ms.toFixed(0)).join(' ');
      console.log(
        `N=${n} shared ${mode}: p99 ${p99} ms; first frame ${fmt(row.latencies[0] ?? Number.NaN)} ms; ` +
          `last frame per event (ms): ${windows}`,
      );
      if (row.failures.length > 0 || row.stray > 0) {
        console.log(`  stray frames ${row.stray}; ${row.failures.slice(0, 5).join('; ')}`);
      }
    } catch (error) {
      console.log(`N=${n} shared ${mode}: ${error instanceof Error ? error.message : error}`);
    }
  }
}
console.log(`\n${formatTable(header, rows.map(toCells))}`);
for (const n of sizes) {
  const on = rows.find((row) => row.n === n && row.mode === 'on');
  const off = rows.find((row) => row.n === n && row.mode === 'off');
  if (on && off) {
    const ratio = (p: number) => percentile(off.latencies, p) / percentile(on.latencies, p);
    console.log(
      `N=${n.toLocaleString('en-US')}: off/on p50 ×${fmt(ratio(50), 2)}, p99 ×${fmt(ratio(99), 2)}, ` +
        `executions ×${fmt(off.executionsPerEvent / on.executionsPerEvent, 0)}`,
    );
  }
}
console.log(`total ${fmt((performance.now() - started) / 1_000)} s`);
