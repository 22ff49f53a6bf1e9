import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchReport } from './types';

/** `test/bench/results/`. */
export const RESULTS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'results');

/**
 * Where a run's JSON goes by default: `results/latest.json` for a full run (committed), and
 * `results/latest-quick.json` for `--quick` / `--medium` runs (ignored by git, so CI stays clean).
 */
export const defaultResultsFile = (quick: boolean): string =>
  join(RESULTS_DIR, quick ? 'latest-quick.json' : 'latest.json');

/** Writes the report as pretty JSON (creating the folder); returns the path. */
export async function writeResults(report: BenchReport, file: string): Promise<string> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}
