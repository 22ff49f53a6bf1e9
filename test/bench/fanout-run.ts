/**
 * One fan-out measurement: N graphql-ws subscribers of one instance's `sessionEvents` with the
 * same document (in a worker thread), K webhooks, latency from each webhook POST to each
 * subscriber's frame, against one in-process gateway with shared execution on or off.
 */
import { join } from 'node:path';
import { LIMITS } from '../../gateway/src/http/limits';
import { startBenchGateway } from './fanout-gateway';
import type { ClientPlan, DoneMessage, ReadyMessage } from './fanout-protocol';
import { startProfile } from './profile';
import { mainThreadCpuMs } from './stats';
import { nextMessage, startTsWorker } from './worker';

/** How one fan-out run is shaped. */
export interface FanoutOptions {
  n: number;
  mode: 'on' | 'off';
  events: number;
  warmupEvents: number;
  spacingMs: number;
  /** Directory for `.cpuprofile`s of the event phase, if any. */
  profileDir?: string | null;
}

/** The outcome of one fan-out run. */
export interface FanoutRow {
  n: number;
  mode: 'on' | 'off';
  subscribeMs: number;
  /** ms from POST to frame, ascending, measured events only. */
  latencies: Float64Array;
  windowsMs: number[];
  executionsPerEvent: number;
  /** Gateway thread CPU per webhook (warm-up included), whatever else runs on the machine. */
  cpuMsPerEvent: number;
  missing: number;
  stray: number;
  failures: string[];
  warnings: string[];
}

/** Runs one fan-out measurement; the gateway and the client worker are gone when it settles. */
export async function runFanout(options: FanoutOptions): Promise<FanoutRow> {
  const { n, mode, events, warmupEvents, spacingMs } = options;
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
    profile: options.profileDir
      ? join(options.profileDir, `fanout-${n}-${mode}-clients.cpuprofile`)
      : null,
  };
  const worker = startTsWorker(new URL('./fanout-clients.ts', import.meta.url), plan);
  try {
    const ready = await nextMessage<ReadyMessage>(worker, plan.subscribeTimeoutMs + 10_000);
    const before = bench.executions();
    const cpuBefore = mainThreadCpuMs();
    const finished = nextMessage<DoneMessage>(
      worker,
      (warmupEvents + events) * (plan.eventTimeoutMs + spacingMs) + 10_000,
    );
    const profiler = options.profileDir ? await startProfile() : null;
    worker.postMessage('go');
    const done = await finished;
    const executions = bench.executions() - before;
    const cpuAfter = mainThreadCpuMs();
    if (profiler && options.profileDir) {
      await profiler.stopTo(join(options.profileDir, `fanout-${n}-${mode}-gateway.cpuprofile`));
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
      warnings: bench.warnings,
    };
  } finally {
    await worker.terminate();
    await bench.gateway.stop();
  }
}
