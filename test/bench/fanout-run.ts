/**
 * One fan-out measurement: N graphql-ws subscribers of one instance's `sessionEvents` with the
 * same document (in a worker thread), K webhooks, latency from each webhook POST to each
 * subscriber's frame, against one server (`fanout-targets.ts`): the in-process gateway with
 * shared execution on or off, or baseline (a) in a child process.
 */
import { join } from 'node:path';
import { LIMITS } from '../../gateway/src/http/limits';
import type { ClientPlan, DoneMessage, ReadyMessage } from './fanout-protocol';
import { type FanoutSide, type FanoutTarget, startFanoutTarget } from './fanout-targets';
import { startProfile } from './profile';
import { nextMessage, startTsWorker } from './worker';

export type { FanoutSide };

/** How one fan-out run is shaped. */
export interface FanoutOptions {
  n: number;
  /** The server measured: the gateway with shared execution `on` or `off`, or `plain` (a). */
  mode: FanoutSide;
  events: number;
  warmupEvents: number;
  spacingMs: number;
  /** Directory for `.cpuprofile`s of the event phase, if any. */
  profileDir?: string | null;
}

/** The outcome of one fan-out run. */
export interface FanoutRow {
  n: number;
  mode: FanoutSide;
  subscribeMs: number;
  /** ms from POST to frame, ascending, measured events only. */
  latencies: Float64Array;
  windowsMs: number[];
  executionsPerEvent: number;
  /** Server main-thread CPU per webhook (warm-up included), whatever else runs on the machine. */
  cpuMsPerEvent: number;
  missing: number;
  stray: number;
  failures: string[];
  warnings: string[];
}

/** Runs one fan-out measurement; the server and the client worker are gone when it settles. */
export async function runFanout(options: FanoutOptions): Promise<FanoutRow> {
  const target = await startFanoutTarget(options.mode);
  try {
    return await runFanoutAgainst(target, options);
  } finally {
    await target.stop();
  }
}

/**
 * Points the client worker at `target` (any server with graphql-ws on `/graphql` and a webhook
 * on `/webhooks/wawp`), runs the events and reads the figures; the worker is gone when it
 * settles, the target is the caller's to stop.
 */
export async function runFanoutAgainst(
  target: FanoutTarget,
  options: FanoutOptions,
): Promise<FanoutRow> {
  const { n, mode, events, warmupEvents, spacingMs } = options;
  const plan: ClientPlan = {
    url: target.url,
    authorization: target.authorization,
    webhookToken: target.webhookToken,
    instanceId: target.instanceId,
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
    const before = await target.executions();
    const cpuBefore = target.cpuMs();
    const finished = nextMessage<DoneMessage>(
      worker,
      (warmupEvents + events) * (plan.eventTimeoutMs + spacingMs) + 10_000,
    );
    const profiler = options.profileDir && target.inProcess ? await startProfile() : null;
    worker.postMessage('go');
    const done = await finished;
    const cpuAfter = target.cpuMs();
    const executions = (await target.executions()) - before;
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
      warnings: target.warnings,
    };
  } finally {
    await worker.terminate();
  }
}
