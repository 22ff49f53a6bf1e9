/**
 * The servers a fan-out run can measure, behind one interface: this gateway in this process
 * (shared execution on or off), or baseline (a), the plain yoga server, in a child process.
 */
import { startScriptArgs } from '../utils/child-gateway';
import { startBenchGateway } from './fanout-gateway';
import { groupServerPid, startChildServer } from './process-rss';
import { mainThreadCpuMs, threadCpuMs } from './stats';

/** Which server: the gateway with shared execution `on` or `off` (b), or `plain` (a). */
export type FanoutSide = 'on' | 'off' | 'plain';

/** A server the fan-out clients are pointed at. */
export interface FanoutTarget {
  /** `http://…`: graphql-ws on `/graphql`, webhooks on `/webhooks/wawp`. */
  url: string;
  authorization: string;
  webhookToken: string;
  instanceId: string;
  /** Executions of `sessionEvents` results so far (snapshots included). */
  executions(): Promise<number>;
  /** CPU time (ms) of the server's main thread so far; null when unknown. */
  cpuMs(): number | null;
  /** Whether the server runs on this process's main thread (so `profile.ts` can profile it). */
  inProcess: boolean;
  /** Log lines at warn or above, when collected. */
  warnings: string[];
  stop(): Promise<void>;
}

/** The gateway in this process, as `fanout-gateway.ts` starts it. */
async function gatewayTarget(sharedExecution: boolean): Promise<FanoutTarget> {
  const bench = await startBenchGateway(sharedExecution);
  return {
    url: bench.url,
    authorization: `Bearer ${bench.adminKey}`,
    webhookToken: bench.webhookToken,
    instanceId: bench.instanceId,
    executions: async () => bench.executions(),
    cpuMs: mainThreadCpuMs,
    inProcess: true,
    warnings: bench.warnings,
    stop: () => bench.gateway.stop(),
  };
}

/**
 * Baseline (a) in a child process (`plain-yoga-main.ts`, with the Node flags of `pnpm start`),
 * so its CPU is read from that process's main thread and the clients' worker does not share its
 * heap. Its instance id is any id: it has the gateway's length, so frames have the same size.
 */
async function plainTarget(): Promise<FanoutTarget> {
  const child = await startChildServer(
    'test/bench/plain-yoga-main.ts',
    30_000,
    startScriptArgs().slice(0, -1),
  );
  try {
    const url = child.readyText;
    const pid = groupServerPid(child.process.pid ?? 0);
    if (!url || pid === null) {
      throw new Error(`the plain yoga server said ${url}, pid ${pid}`);
    }
    return {
      url,
      authorization: 'Bearer ignored-by-the-plain-server',
      webhookToken: 'ignored-by-the-plain-server',
      instanceId: 'PLAIN0BENCH1',
      executions: async () => {
        const response = await fetch(`${url}/_bench/stats`, { signal: AbortSignal.timeout(5_000) });
        return ((await response.json()) as { executions: number }).executions;
      },
      cpuMs: () => threadCpuMs(pid),
      inProcess: false,
      warnings: [],
      stop: () => child.stop(),
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** Starts the server of `side`; the caller stops it. */
export const startFanoutTarget = (side: FanoutSide): Promise<FanoutTarget> =>
  side === 'plain' ? plainTarget() : gatewayTarget(side === 'on');
