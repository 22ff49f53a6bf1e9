/**
 * The two servers of the `memory` scenario, each a process of its own (so the subscribers'
 * worker is not in the RSS read): the gateway as `pnpm start` runs it, on Postgres, and
 * baseline (a), the plain yoga server, with the same Node flags.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startChildGateway, startScriptArgs } from '../utils/child-gateway';
import { simControl } from '../utils/simulator-control';
import { trackGroup } from './cleanup';
import { startChildServer } from './process-rss';

/** A server process holding idle subscriptions. */
export interface MemoryServer {
  /** Its process group (`groupRssMiB` reads the largest process in it). */
  pgid: number;
  /** `http://…`, graphql-ws on `/graphql`. */
  url: string;
  authorization: string;
  instanceId: string;
  stop(): Promise<void>;
}

const ADMIN_KEY = 'bench-memory-admin-key-0123456789';

/** Resolves when `stop` does, or SIGKILLs group `pgid` after `ms`. */
async function boundedStop(stop: () => Promise<void>, pgid: number, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    stop(),
    new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        try {
          process.kill(-pgid, 'SIGKILL');
        } catch {
          // gone already
        }
        resolve();
      }, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * The gateway as `pnpm start` starts it (`startChildGateway`), store on `databaseUrl`, one
 * simulator instance. Polling is pushed out (10 min) so idle means no event, and the admin key's
 * budgets are raised so N subscriptions on one key are neither rate-limited nor capped.
 */
export async function startGatewayProcess(databaseUrl: string): Promise<MemoryServer> {
  const dataDir = await mkdtemp(join(tmpdir(), 'bench-memory-'));
  try {
    const [port, simPort] = [await freePort(), await freePort()];
    const gateway = await startChildGateway({
      PORT: String(port),
      HOST: '127.0.0.1',
      SIMULATOR_PORT: String(simPort),
      SIMULATOR_INSTANCES: '1',
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      GATEWAY_ADMIN_KEY: ADMIN_KEY,
      GATEWAY_RATE_LIMIT_ADMIN: '100000/200000',
      GATEWAY_MAX_STREAMS_PER_KEY: '100000',
      GATEWAY_POLL_INTERVAL_MS: '600000',
      GATEWAY_WATCHDOG_STARTING_MS: '0',
      LOG_LEVEL: 'warn',
    });
    const pgid = gateway.process.pid ?? 0;
    const forget = trackGroup(pgid);
    const stop = async () => {
      await boundedStop(() => gateway.stop(), pgid, 10_000);
      forget();
      await rm(dataDir, { recursive: true, force: true });
    };
    try {
      const [instance] = await simControl(`http://127.0.0.1:${simPort}`).instances();
      if (!instance) {
        throw new Error('the embedded simulator has no instance');
      }
      return {
        pgid,
        url: gateway.url,
        authorization: `Bearer ${ADMIN_KEY}`,
        instanceId: instance.instance_id,
        stop,
      };
    } catch (error) {
      await stop();
      throw error;
    }
  } catch (error) {
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Baseline (a) (`plain-yoga-main.ts`) with the Node flags of `pnpm start`. */
export async function startPlainProcess(): Promise<MemoryServer> {
  const child = await startChildServer(
    'test/bench/plain-yoga-main.ts',
    30_000,
    startScriptArgs().slice(0, -1),
  );
  const url = child.readyText;
  if (!url) {
    await child.stop();
    throw new Error('the plain yoga server printed no URL');
  }
  return {
    pgid: child.process.pid ?? 0,
    url,
    authorization: 'Bearer ignored-by-the-plain-server',
    instanceId: 'PLAIN0BENCH1',
    stop: () => child.stop(),
  };
}
