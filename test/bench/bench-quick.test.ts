import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../utils/child-gateway';
import { END_MARKER, START_MARKER } from './tables';
import { type BenchReport, SCENARIO_NAMES } from './types';

const run = promisify(execFile);

/**
 * Smoke test of the scenario harness: runs `pnpm bench --quick` (the tiniest sizes, every
 * scenario) in a child process with its JSON and Markdown sent to a temporary folder, and checks
 * their shape. It asserts no performance target, only that the run finished and reported.
 */
describe('pnpm bench --quick', () => {
  let dir = '';
  afterAll(async () => {
    if (dir) {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('writes a results file with all seven scenarios and the Markdown tables', async () => {
    dir = await mkdtemp(join(tmpdir(), 'bench-quick-'));
    const results = join(dir, 'latest.json');
    const markdown = join(dir, 'BENCHMARKS.md');
    await run('pnpm', ['bench', '--quick', '--results', results, '--markdown', markdown], {
      cwd: repoRoot,
      // SIGTERM: pnpm forwards it and run.ts kills its child servers before it exits
      timeout: 290_000,
      killSignal: 'SIGTERM',
      maxBuffer: 16 * 1024 * 1024,
    });
    const report = JSON.parse(await readFile(results, 'utf8')) as BenchReport;
    expect(report.quick).toBe(true);
    expect(typeof report.nproc).toBe('number');
    expect(typeof report.node).toBe('string');
    expect(report.scenarios.map((s) => s.name)).toEqual([...SCENARIO_NAMES]);
    for (const s of report.scenarios) {
      expect(Object.keys(s)).toEqual(
        expect.arrayContaining(['name', 'params', 'ours', 'baseline', 'ratio', 'target', 'met']),
      );
      expect(s.ours === null || typeof s.ours === 'object').toBe(true);
      expect(s.baseline === null || typeof s.baseline === 'object').toBe(true);
      expect(s.ratio === null || typeof s.ratio === 'number').toBe(true);
      expect(typeof s.target).toBe('string');
      expect(s.met === null || typeof s.met === 'boolean').toBe(true);
      if (s.ours === null) {
        expect(typeof s.note).toBe('string');
      }
    }
    // fanout: baseline (a) unprefixed, baseline (b) under `b:`, both beside ours
    const fanout = report.scenarios.find((s) => s.name === 'fanout');
    if (fanout?.ours) {
      const keys = Object.keys(fanout.baseline ?? {});
      expect(keys.some((key) => key.startsWith('b:'))).toBe(true);
      expect(keys.some((key) => !key.startsWith('b:'))).toBe(true);
    }
    const memory = report.scenarios.find((s) => s.name === 'memory');
    if (memory?.ours) {
      expect(typeof memory.ours['kibPerSubscriber@300']).toBe('number');
    }
    const text = await readFile(markdown, 'utf8');
    expect(text).toContain(START_MARKER);
    expect(text).toContain(END_MARKER);
    for (const name of SCENARIO_NAMES) {
      expect(text).toContain(`### ${name}`);
    }
    if (fanout?.ours) {
      expect(text).toContain('| baseline (a) | baseline (b) |');
    }
  }, 300_000);
});
