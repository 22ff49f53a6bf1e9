import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../utils/child-gateway';
import { waitFor } from '../utils/wait';
import { trackGroup } from './cleanup';

/** RSS (MiB) of the largest process in process group `pgid` (the server, not tsx's wrapper). */
export function groupRssMiB(pgid: number): number | null {
  let largest: number | null = null;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) {
      continue;
    }
    try {
      const stat = readFileSync(join('/proc', entry, 'stat'), 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== pgid) {
        continue; // fields[2] is the process group
      }
      const status = readFileSync(join('/proc', entry, 'status'), 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
      if (Number.isFinite(kb)) {
        largest = Math.max(largest ?? 0, kb / 1_024);
      }
    } catch {
      // the process went away meanwhile
    }
  }
  return largest;
}

/** The median of `samples` readings of {@link groupRssMiB}, `gapMs` apart. */
export async function sampleRssMiB(pgid: number, samples = 3, gapMs = 300): Promise<number | null> {
  const values: number[] = [];
  for (let i = 0; i < samples; i += 1) {
    const value = groupRssMiB(pgid);
    if (value !== null) {
      values.push(value);
    }
    await new Promise((resolve) => setTimeout(resolve, gapMs));
  }
  values.sort((a, b) => a - b);
  return values.length > 0
    ? Math.round((values[Math.floor(values.length / 2)] as number) * 10) / 10
    : null;
}

/** A TypeScript entry run through tsx in a process group of its own, up once it prints `ready`. */
export interface ChildServer {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Runs `entry` (relative to the repository root) through tsx; resolves once it prints `ready`. */
export async function startChildServer(entry: string, timeoutMs = 30_000): Promise<ChildServer> {
  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [entry], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const forget = trackGroup(child.pid);
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
      child.once('exit', () => {
        forget();
        resolve();
      });
      try {
        process.kill(-(child.pid ?? 0), 'SIGTERM');
      } catch {
        resolve();
      }
    });
  try {
    await waitFor(() => output.includes('ready') || child.exitCode !== null, timeoutMs);
  } catch {
    // checked below
  }
  if (!output.includes('ready')) {
    await stop();
    throw new Error(`${entry} did not start:\n${output.slice(0, 2_000)}`);
  }
  return { process: child, stop };
}
