import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { freePort, repoRoot } from './child-gateway';
import { waitFor } from './wait';

/** A Wawp simulator running in a process of its own (`pnpm simulator`'s entry). */
export interface ChildSimulator {
  url: string;
  accessToken: string;
  instanceIds: string[];
  stop(): Promise<void>;
}

/**
 * Starts the simulator in a child process, so that Wawp's own work (webhook signing, QR images,
 * timers) runs outside the process a test measures, as it would in production. `env` holds
 * `SIMULATOR_*` settings (see gateway/src/simulator/config.ts).
 */
export async function startChildSimulator(
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<ChildSimulator> {
  const port = await freePort();
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'tsx'),
    [join(repoRoot, 'gateway', 'src', 'simulator', 'main.ts')],
    {
      cwd: repoRoot,
      env: { ...process.env, LOG_LEVEL: 'warn', SIMULATOR_PORT: String(port), ...env },
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
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
  const banner = /instances: +(.*)\n/;
  const up = await waitFor(() => banner.test(output) || child.exitCode !== null, timeoutMs).then(
    () => banner.test(output),
    () => false,
  );
  if (!up) {
    await stop();
    throw new Error(`simulator did not start:\n${output}`);
  }
  const listed = banner.exec(output)?.[1]?.trim() ?? '';
  return {
    url: /listening on (\S+)/.exec(output)?.[1] ?? '',
    accessToken: /access token: (\S+)/.exec(output)?.[1] ?? '',
    instanceIds: listed === '(none)' ? [] : listed.split(', '),
    stop,
  };
}
