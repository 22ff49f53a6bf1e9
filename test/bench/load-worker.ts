/**
 * A load generator in a worker thread (see `load-protocol.ts`), so the requests are made on
 * another core than the server under test. Uses `node:http` with keep-alive sockets.
 */
import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import type { LoadPlan, LoadRequest, LoadResult } from './load-protocol';

const plan = workerData as LoadPlan;
const port = parentPort;
if (!port) {
  throw new Error('load-worker runs as a worker thread');
}

const agent = new Agent({ keepAlive: true, maxSockets: Number.POSITIVE_INFINITY });
const errorSamples: string[] = [];
let errors = 0;
const noteError = (what: string) => {
  errors += 1;
  if (errorSamples.length < 5) {
    errorSamples.push(what);
  }
};

/** Sends one request; resolves with its latency in ms (errors are counted, never thrown). */
function send(spec: LoadRequest): Promise<number> {
  const started = performance.now();
  return new Promise((resolve) => {
    const req = httpRequest(
      spec.url,
      { method: spec.method, headers: spec.headers, agent },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString();
          if (status < 200 || status >= 300 || text.includes('"errors"')) {
            noteError(`${status} ${text.slice(0, 200)}`);
          }
          resolve(performance.now() - started);
        });
      },
    );
    req.on('error', (error) => {
      noteError(error.message);
      resolve(performance.now() - started);
    });
    req.end(spec.body);
  });
}

async function burst(spec: LoadRequest, count: number): Promise<LoadResult> {
  const started = performance.now();
  const latencies = new Float64Array(
    await Promise.all(Array.from({ length: count }, () => send(spec))),
  );
  return done(latencies, count, performance.now() - started);
}

async function closed(
  spec: LoadRequest,
  concurrency: number,
  warmupMs: number,
  durationMs: number,
): Promise<LoadResult> {
  const start = performance.now();
  const measureFrom = start + warmupMs;
  const stopAt = measureFrom + durationMs;
  const latencies: number[] = [];
  let errorsAtMeasure = -1;
  const loop = async () => {
    while (performance.now() < stopAt) {
      const sentAt = performance.now();
      const ms = await send(spec);
      if (sentAt >= measureFrom) {
        if (errorsAtMeasure < 0) {
          errorsAtMeasure = errors;
        }
        latencies.push(ms);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, loop));
  const elapsed = performance.now() - measureFrom;
  errors -= Math.max(0, errorsAtMeasure);
  return done(new Float64Array(latencies), latencies.length, elapsed);
}

async function poll(
  targets: { key: string; request: LoadRequest }[],
  intervalMs: number,
  durationMs: number,
): Promise<LoadResult> {
  const started = performance.now();
  const sentAt: Record<string, number[]> = {};
  const inFlight: Promise<number>[] = [];
  const timers = targets.map((target, index) => {
    const times: number[] = [];
    sentAt[target.key] = sentAt[target.key] ?? times;
    const own = sentAt[target.key] as number[];
    const fire = () => {
      own.push(Date.now());
      inFlight.push(send(target.request));
    };
    // spread the pollers' phases over one interval, like independent clients
    const first = setTimeout(
      () => {
        fire();
        const every = setInterval(fire, intervalMs);
        timers[index] = every;
      },
      (index * intervalMs) / targets.length,
    );
    return first;
  });
  await new Promise((resolve) => setTimeout(resolve, durationMs));
  for (const timer of timers) {
    clearTimeout(timer);
    clearInterval(timer);
  }
  const latencies = new Float64Array(await Promise.all(inFlight));
  return { ...done(latencies, latencies.length, performance.now() - started), sentAt };
}

function done(latencies: Float64Array, completed: number, elapsedMs: number): LoadResult {
  latencies.sort();
  return { type: 'done', completed, errors, errorSamples, elapsedMs, latencies };
}

try {
  const result =
    plan.kind === 'burst'
      ? await burst(plan.request, plan.count)
      : plan.kind === 'closed'
        ? await closed(plan.request, plan.concurrency, plan.warmupMs, plan.durationMs)
        : await poll(plan.targets, plan.intervalMs, plan.durationMs);
  agent.destroy();
  port.postMessage(result, [result.latencies.buffer as ArrayBuffer]);
} catch (error) {
  agent.destroy();
  port.postMessage({
    type: 'failed',
    error: error instanceof Error ? error.message : String(error),
  });
}
