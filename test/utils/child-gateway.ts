import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from './wait';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The arguments `pnpm start` gives tsx (Node flags, then the entry), read from the root
 * `package.json`, so a child runs exactly what `pnpm start` runs.
 */
export function startScriptArgs(): string[] {
  const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  const command = manifest.scripts.start
    .split('&&')
    .map((part) => part.trim())
    .find((part) => part.startsWith('tsx '));
  if (!command) {
    throw new Error(`no "tsx …" command in the start script: ${manifest.scripts.start}`);
  }
  return command.split(/\s+/).slice(1);
}

/** A TCP port on 127.0.0.1 that was free a moment ago (listen on 0, read it, release it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (!address || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

export interface ChildGateway extends BannerProcess {
  /** The admin key from the banner. */
  adminKey: string;
  url: string;
}

/** A process started by {@link spawnUntilBanner}, once its banner was printed. */
export interface BannerProcess {
  process: ChildProcess;
  /** Everything the process printed (stdout + stderr). */
  output(): string;
  /** SIGTERM to its process group; resolves once it exited. */
  stop(): Promise<void>;
}

/**
 * Runs `command args` in a process group of its own with `env` added to this process's
 * environment (`LOG_LEVEL` warn unless `env` says otherwise), and resolves once its output
 * matches `banner`; if it exits first or `timeoutMs` passes, it is stopped and the error names
 * `what` with everything it printed.
 */
export async function spawnUntilBanner(options: {
  command: string;
  args: string[];
  env: Record<string, string>;
  banner: RegExp;
  what: string;
  timeoutMs: number;
}): Promise<BannerProcess> {
  const { banner } = options;
  const child = spawn(options.command, options.args, {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...options.env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) {
        resolve();
        return;
      }
      child.once('exit', () => resolve());
      try {
        process.kill(-(child.pid ?? 0), 'SIGTERM');
      } catch {
        resolve();
      }
    });
  const up = await waitFor(
    () => banner.test(output) || child.exitCode !== null,
    options.timeoutMs,
  ).then(
    () => banner.test(output),
    () => false,
  );
  if (!up) {
    await stop();
    throw new Error(`${options.what} did not start:\n${output}`);
  }
  return { process: child, output: () => output, stop };
}

/**
 * Runs the gateway exactly as `pnpm start` does ({@link startScriptArgs}) with `env` added to
 * this process's environment, and resolves once its banner is printed.
 */
export async function startChildGateway(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ChildGateway> {
  const banner = /wawp-gateway is up: (\S+)/;
  const started = await spawnUntilBanner({
    command: join(repoRoot, 'node_modules', '.bin', 'tsx'),
    args: startScriptArgs(),
    env,
    banner,
    what: 'gateway',
    timeoutMs,
  });
  const output = started.output();
  const url = banner.exec(output)?.[1] ?? '';
  const adminKey = /admin key: (\S+)/.exec(output)?.[1] ?? '';
  return { ...started, adminKey, url };
}
