import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startScriptArgs } from '../../utils/child-gateway';
import { artifactsDir, repoRoot } from './paths';

/** How a browser suite wants its gateway. */
export interface GatewayProcessOptions {
  /** Names the log file under `test/artifacts/logs/`. */
  name: string;
  /** `SIMULATOR_TIME_SCALE`: the first QR lives 60 s / scale, later ones 20 s / scale. */
  timeScale?: number;
  /** `SIMULATOR_INSTANCES`. @default 3 */
  instances?: number;
  /** Variables added to the gateway's environment (e.g. `GATEWAY_ADMIN_KEY`). */
  env?: Record<string, string>;
}

/** A running gateway, as `pnpm start` runs it, with its embedded simulator. */
export interface GatewayProcess {
  /** The gateway's URL, from the banner. */
  readonly url: string;
  /** The admin key: from the banner's `#key=` link, or `GATEWAY_ADMIN_KEY` when set. */
  readonly key: string;
  /** The embedded simulator's URL, from the banner. */
  readonly simUrl: string;
  /** `SIMULATOR_ACCESS_TOKEN`: the Wawp token, a canary that must never reach the browser. */
  readonly canary: string;
  readonly dataDir: string;
  /** Everything the process wrote to stdout and stderr, across restarts. */
  output(): string;
  /** Sends SIGTERM (the gateway drains) and waits for the exit. */
  stop(): Promise<void>;
  /** Starts it again with the same environment, DATA_DIR and ports. */
  restart(): Promise<void>;
  /** Kills whatever is left (process group) and removes DATA_DIR. Safe to call twice. */
  dispose(): Promise<void>;
}

const BANNER = {
  console: /console:\s+(http:\/\/\S+?)\/#key=(\S+)/,
  simulator: /embedded Wawp simulator:\s+(http:\/\/\S+)/,
};

/** Variables of the developer's shell that would change what is under test. */
const INHERITED_BLOCKLIST =
  /^(PORT|HOST|DATA_DIR|DATABASE_URL|LOG_LEVEL|NODE_ENV|WAWP_|GATEWAY_|SIMULATOR_)/;

/**
 * Starts the real gateway process (`node --import tsx` + the start script's arguments, what
 * `pnpm start` runs after its set-up step) on free ports with a temporary DATA_DIR and a canary
 * Wawp token, and waits for its banner. The process leads its own process group (`detached`),
 * so `dispose` can kill everything it started.
 */
export async function startGatewayProcess(options: GatewayProcessOptions): Promise<GatewayProcess> {
  const dataDir = await mkdtemp(join(tmpdir(), `wawp-browser-${options.name}-`));
  const canary = `wawp-canary-${randomBytes(12).toString('hex')}`;
  const [port, simPort] = [await freePort(), await freePort()];
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !INHERITED_BLOCKLIST.test(name)),
  );
  const env: NodeJS.ProcessEnv = {
    ...inherited,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    SIMULATOR_PORT: String(simPort),
    SIMULATOR_TIME_SCALE: String(options.timeScale ?? 10),
    SIMULATOR_INSTANCES: String(options.instances ?? 3),
    SIMULATOR_ACCESS_TOKEN: canary,
    GATEWAY_POLL_INTERVAL_MS: '2000',
    LOG_LEVEL: 'info',
    ...options.env,
  };
  const logFile = join(artifactsDir, 'logs', `gateway-${options.name}.log`);
  let output = '';
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  let expectingExit = false;

  const launch = async () => {
    expectingExit = false;
    const proc = spawn(process.execPath, ['--import', 'tsx', ...startScriptArgs()], {
      cwd: repoRoot,
      env,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    // should the test worker exit without reaching afterAll, the gateway must not outlive it
    const killOnExit = () => {
      try {
        if (proc.pid) {
          process.kill(-proc.pid, 'SIGKILL');
        }
      } catch {
        // already gone
      }
    };
    process.once('exit', killOnExit);
    exited = new Promise((resolve) =>
      proc.once('exit', (code, signal) => {
        process.off('exit', killOnExit);
        if (!expectingExit) {
          // e.g. someone else's `pkill`: say so in the log instead of leaving only timeouts
          output += `\n[browser harness] gateway exited unexpectedly (${code ?? signal})\n`;
        }
        resolve();
      }),
    );
    let banner = '';
    return await new Promise<{ url: string; key: string; simUrl: string }>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`gateway printed no banner within 45 s:\n${output.slice(-4000)}`));
      }, 45_000);
      const onData = (chunk: Buffer) => {
        const text = chunk.toString('utf8');
        output += text;
        banner += text;
        const consoleLine = BANNER.console.exec(banner);
        const simLine = BANNER.simulator.exec(banner);
        if (consoleLine?.[1] && consoleLine[2] && simLine?.[1]) {
          clearTimeout(timer);
          resolve({ url: consoleLine[1], key: consoleLine[2], simUrl: simLine[1] });
        }
      };
      proc.stdout?.on('data', onData);
      proc.stderr?.on('data', (chunk: Buffer) => {
        output += chunk.toString('utf8');
      });
      proc.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`gateway exited (${code ?? signal}) before its banner:\n${output}`));
      });
    });
  };

  const killGroup = async () => {
    expectingExit = true;
    const proc = child;
    if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) {
      return;
    }
    try {
      process.kill(-proc.pid, 'SIGKILL');
    } catch {
      // already gone
    }
    await exited;
  };

  const first = await launch().catch(async (error: unknown) => {
    await killGroup();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  });
  // with GATEWAY_ADMIN_KEY set the banner shows a placeholder instead of the key
  const key = options.env?.GATEWAY_ADMIN_KEY ?? decodeURIComponent(first.key);

  let disposed = false;
  return {
    url: first.url,
    key,
    simUrl: first.simUrl,
    canary,
    dataDir,
    output: () => output,
    async stop() {
      const proc = child;
      if (!proc?.pid || proc.exitCode !== null || proc.signalCode !== null) {
        return;
      }
      expectingExit = true;
      process.kill(proc.pid, 'SIGTERM');
      const timeout = setTimeout(() => void killGroup(), 15_000);
      await exited;
      clearTimeout(timeout);
    },
    async restart() {
      const next = await launch();
      if (next.url !== first.url || next.simUrl !== first.simUrl) {
        throw new Error(`restarted on other ports: ${next.url}, ${next.simUrl}`);
      }
    },
    async dispose() {
      if (disposed) {
        return;
      }
      disposed = true;
      await killGroup();
      await mkdir(join(artifactsDir, 'logs'), { recursive: true });
      await writeFile(logFile, output);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
