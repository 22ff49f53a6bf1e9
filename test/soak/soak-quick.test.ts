/**
 * CI's soak: `pnpm soak --quick` (about 60 s of load) as a child process; it must exit 0 with
 * no gap and no duplicate. The figures of a run are in its output (and BENCHMARKS.md).
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { repoRoot } from '../utils/child-gateway';

it('loses nothing and repeats nothing under kills, reconnects and faults (pnpm soak --quick)', async () => {
  const child = spawn(
    join(repoRoot, 'node_modules', '.bin', 'tsx'),
    ['--max-semi-space-size=64', 'soak/run.ts', '--quick'],
    { cwd: join(repoRoot, 'test'), stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  let errors = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  // SIGINT makes the soak clean up its processes and schema before the test's own timeout
  const bound = setTimeout(() => child.kill('SIGINT'), 225_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(bound);
  // the run's own report is the best explanation when it fails (a diff would omit it)
  expect(code, `soak exited ${code}\n${output}\n${errors.slice(-5_000)}`).toBe(0);
  expect(output).toMatch(/^loss: 0 gaps, 0 duplicates, 0 unknown cursors$/m);
  expect(output).toMatch(/^SOAK PASSED$/m);
}, 240_000);
