import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../utils/child-gateway';
import { waitFor } from '../utils/wait';
import { trackGroup } from './cleanup';

/** The processes of group `pgid` with their RSS (KiB), read from `/proc`. */
function groupMembers(pgid: number): { pid: number; rssKiB: number }[] {
  const members: { pid: number; rssKiB: number }[] = [];
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
        members.push({ pid: Number(entry), rssKiB: kb });
      }
    } catch {
      // the process went away meanwhile
    }
  }
  return members;
}

/** The largest process of group `pgid`: the server, not tsx's wrapper. */
const largestOf = (pgid: number) =>
  groupMembers(pgid).reduce<{ pid: number; rssKiB: number } | null>(
    (largest, member) => (largest === null || member.rssKiB > largest.rssKiB ? member : largest),
    null,
  );

/** RSS (MiB) of the largest process in process group `pgid` (the server, not tsx's wrapper). */
export function groupRssMiB(pgid: number): number | null {
  const largest = largestOf(pgid);
  return largest === null ? null : largest.rssKiB / 1_024;
}

/** The pid of the largest process in group `pgid` (the server under tsx), or null. */
export const groupServerPid = (pgid: number): number | null => largestOf(pgid)?.pid ?? null;

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
  /** What followed `ready ` on its line (the server's URL, by convention), or null. */
  readyText: string | null;
  stop(): Promise<void>;
}

/**
 * Runs `entry` (relative to the repository root) through tsx, with `nodeArgs` (Node flags such
 * as `--max-semi-space-size=64`) before it; resolves once it prints `ready`.
 */
export async function startChildServer(
  entry: string,
  timeoutMs = 30_000,
  nodeArgs: string[] = [],
): Promise<ChildServer> {
  const child = spawn(join(repoRoot, 'node_modules', '.bin', 'tsx'), [...nodeArgs, entry], {
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
      // bounded: a server that does not exit within 5 s of SIGTERM gets SIGKILL
      const kill = setTimeout(() => {
        try {
          process.kill(-(child.pid ?? 0), 'SIGKILL');
        } catch {
          // gone already
        }
      }, 5_000);
      child.once('exit', () => {
        clearTimeout(kill);
        forget();
        resolve();
      });
      try {
        process.kill(-(child.pid ?? 0), 'SIGTERM');
      } catch {
        clearTimeout(kill);
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
  return { process: child, readyText: /ready (\S+)/.exec(output)?.[1] ?? null, stop };
}
