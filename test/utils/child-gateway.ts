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

export interface ChildGateway {
  process: ChildProcess;
  /** Everything the process printed (stdout + stderr). */
  output(): string;
  /** The admin key from the banner. */
  adminKey: string;
  url: string;
  stop(): Promise<void>;
}

/**
 * Runs the gateway exactly as `pnpm start` does ({@link startScriptArgs}) with `env` added to
 * this process's environment, and resolves once its banner is printed.
 */
export async function startChildGateway(
  env: Record<string, string>,
  timeoutMs = 60_000,
): Promise<ChildGateway> {
  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), startScriptArgs(), {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
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
  const banner = /wawp-gateway is up: (\S+)/;
  const up = await waitFor(() => banner.test(output) || child.exitCode !== null, timeoutMs).then(
    () => banner.test(output),
    () => false,
  );
  if (!up) {
    await stop();
    throw new Error(`gateway did not start:\n${output}`);
  }
  const url = banner.exec(output)?.[1] ?? '';
  const adminKey = /admin key: (\S+)/.exec(output)?.[1] ?? '';
  return { process: child, output: () => output, adminKey, url, stop };
}
