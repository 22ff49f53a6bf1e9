import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import type { GatewayConfig } from '@wawp-gateway/gateway';
import { repoRoot } from '../utils/child-gateway';
import { trackGroup } from './cleanup';

/** A gateway replica of the `scale` scenario, in a process group of its own. */
export interface BenchReplica {
  url: string;
  child: ChildProcess;
  /** The tail of what it printed (its log goes to stderr). */
  output(): string;
  /** SIGTERM (a drain), then SIGKILL of the group after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

const ENTRY = join(repoRoot, 'test', 'events', 'replica-process.ts');
const KEEP = 8_000;

/**
 * Runs `test/events/replica-process.ts` (`buildGateway(config)` on `databaseSchema`) as
 * `node --import tsx`, detached, with its process group noted in `cleanup.ts` (so the harness
 * kills it should the scenario fail or time out). Resolves once it listens.
 */
export async function startBenchReplica(
  config: GatewayConfig,
  databaseSchema: string,
  readyTimeoutMs = 60_000,
): Promise<BenchReplica> {
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY], {
    cwd: repoRoot,
    detached: true,
    env: { ...process.env, REPLICA_OPTIONS: JSON.stringify({ config, databaseSchema }) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forget = trackGroup(child.pid);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-KEEP);
  };
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-(child.pid ?? 0), name);
    } catch {
      // gone already
    }
  };
  const stop = async (graceMs = 3_000) => {
    if (child.exitCode === null && child.signalCode === null) {
      signal('SIGTERM');
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        exited,
        new Promise<void>((resolve) => {
          timer = setTimeout(resolve, graceMs);
        }),
      ]);
      clearTimeout(timer);
    }
    // the group too: tsx may leave a child of its own
    signal('SIGKILL');
    forget();
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`replica not ready in ${readyTimeoutMs / 1_000} s:\n${output}`)),
        readyTimeoutMs,
      );
      let stdout = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        stdout += chunk.toString();
        const ready = /REPLICA_READY (\S+)/.exec(stdout);
        if (ready?.[1]) {
          clearTimeout(timer);
          resolve(ready[1]);
        }
      });
      child.once('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`replica exited (${code ?? sig}) before it was ready:\n${output}`));
      });
    });
    return { url, child, output: () => output, stop };
  } catch (error) {
    await stop(0);
    throw error;
  }
}
