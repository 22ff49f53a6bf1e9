import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join, relative } from 'node:path';
import { killTrackedGroups } from './cleanup';
import { defaultResultsFile, RESULTS_DIR, writeResults } from './results';
import { SCENARIOS } from './scenarios';
import { BENCHMARKS_FILE, renderSection, writeSection } from './tables';
import {
  type BenchReport,
  emptyResult,
  SCENARIO_NAMES,
  type ScenarioName,
  type ScenarioResult,
  type SizeProfile,
} from './types';

/** Options of {@link runBench}. */
export interface BenchOptions {
  profile: SizeProfile;
  /**
   * Scenarios to run. The others keep their entry from the results file already there (same
   * profile), or get one with `note: 'not selected (--only)'`. Default: all.
   */
  only?: ScenarioName[];
  /** JSON output; default `results/latest.json` (full) or `results/latest-quick.json`. */
  resultsFile?: string;
  /** Markdown output; default `BENCHMARKS.md` (full) or `results/latest-quick.md`. */
  markdownFile?: string;
  /** Progress lines; default stderr. */
  log?: (line: string) => void;
}

/** Upper bound on one scenario's wall time; past it the scenario is reported as timed out. */
const SCENARIO_BUDGET_MS: Record<SizeProfile, number> = {
  full: 15 * 60_000,
  medium: 90_000,
  quick: 60_000,
};

/** Scenarios that run their model more than once (`scale`: on both buses) get a larger budget. */
const BUDGET_FACTOR: Partial<Record<ScenarioName, number>> = { scale: 2 };

async function withBudget<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([
      work,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${ms / 1_000} s`)), ms);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
}

const KEPT = 'kept from the run of';

/**
 * The entries of `file` (a report of the same `profile`), so a run of some scenarios keeps the
 * others' figures; none when it is missing, unreadable or of another profile.
 */
async function earlierEntries(file: string, profile: SizeProfile): Promise<ScenarioResult[]> {
  try {
    const report = JSON.parse(await readFile(file, 'utf8')) as BenchReport;
    if ((report.profile ?? 'full') !== profile || report.partial) {
      return [];
    }
    const kept = `${KEPT} ${report.date ?? 'an earlier date'}`;
    const noteOf = (note: string | undefined) =>
      note?.startsWith(KEPT) ? note : note ? `${kept}: ${note}` : kept;
    return report.scenarios.map((s) => ({ ...s, note: noteOf(s.note) }));
  } catch {
    return [];
  }
}

/**
 * Runs the selected scenarios one after the other (in `SCENARIOS` order) (each starts and stops its own servers and
 * load workers), then writes the JSON report and the Markdown section. A scenario that throws
 * is reported with `ours: null` and the error as its `note`.
 */
export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const quick = options.profile !== 'full';
  const started = performance.now();
  const scenarios: ScenarioResult[] = [];
  const resultsFile = options.resultsFile ?? defaultResultsFile(quick);
  const markdownFile =
    options.markdownFile ?? (quick ? join(RESULTS_DIR, 'latest-quick.md') : BENCHMARKS_FILE);
  /** The report so far; scenarios not run yet say so (`partial` while the run goes on). */
  const buildReport = (partial: boolean): BenchReport => ({
    nproc: availableParallelism(),
    node: process.versions.node,
    ...(quick ? { quick: true } : {}),
    profile: options.profile,
    date: new Date().toISOString(),
    seconds: Math.round((performance.now() - started) / 100) / 10,
    ...(partial ? { partial: true } : {}),
    scenarios: SCENARIO_NAMES.map(
      (name) =>
        scenarios.find((s) => s.name === name) ??
        emptyResult(
          name,
          '–',
          partial ? 'not run yet (the run was interrupted)' : 'no such scenario ran',
        ),
    ),
  });
  const writeOutputs = async (report: BenchReport) => {
    await writeResults(report, resultsFile);
    const shown = relative(join(RESULTS_DIR, '..', '..', '..'), resultsFile);
    await writeSection(
      markdownFile,
      renderSection(report, shown.startsWith('..') ? resultsFile : shown),
    );
  };
  const earlier = options.only ? await earlierEntries(resultsFile, options.profile) : [];
  for (const scenario of SCENARIOS) {
    if (options.only && !options.only.includes(scenario.name)) {
      scenarios.push(
        earlier.find((s) => s.name === scenario.name) ??
          emptyResult(scenario.name, '–', 'not selected (--only)'),
      );
      continue;
    }
    log(`▶ ${scenario.name}`);
    const t0 = performance.now();
    let result: ScenarioResult;
    try {
      result = await withBudget(
        scenario.run({ profile: options.profile, log }),
        SCENARIO_BUDGET_MS[options.profile] * (BUDGET_FACTOR[scenario.name] ?? 1),
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`  ${scenario.name} failed: ${message}`);
      const killed = killTrackedGroups();
      if (killed > 0) {
        log(`  killed ${killed} child process group(s) it left`);
      }
      result = emptyResult(scenario.name, '–', `failed: ${message}`);
    }
    result.seconds = Math.round((performance.now() - t0) / 100) / 10;
    log(`  ${scenario.name}: ${result.seconds} s`);
    scenarios.push(result);
    // written after every scenario, so a run that is killed still leaves what it measured
    await writeOutputs(buildReport(true));
  }
  const report = buildReport(false);
  await writeOutputs(report);
  log(`wrote ${resultsFile} and ${markdownFile} (${report.seconds} s)`);
  return report;
}
