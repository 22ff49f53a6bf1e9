import { join } from 'node:path';
import { freePort, repoRoot, spawnUntilBanner } from './child-gateway';

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
  const banner = /instances: +(.*)\n/;
  const started = await spawnUntilBanner({
    command: join(repoRoot, 'node_modules', '.bin', 'tsx'),
    args: [join(repoRoot, 'gateway', 'src', 'simulator', 'main.ts')],
    env: { SIMULATOR_PORT: String(await freePort()), ...env },
    banner,
    what: 'simulator',
    timeoutMs,
  });
  const output = started.output();
  const listed = banner.exec(output)?.[1]?.trim() ?? '';
  return {
    url: /listening on (\S+)/.exec(output)?.[1] ?? '',
    accessToken: /access token: (\S+)/.exec(output)?.[1] ?? '',
    instanceIds: listed === '(none)' ? [] : listed.split(', '),
    stop: started.stop,
  };
}
