/** Figures of one side of a scenario (ours or the baseline): name → number, string or null. */
export type Figures = Record<string, number | string | boolean | null>;

/** One scenario's entry in `results/latest.json`. */
export interface ScenarioResult {
  name: ScenarioName;
  params: Record<string, unknown>;
  ours: Figures | null;
  baseline: Figures | null;
  /** ours ÷ baseline of the scenario's headline figure; null when not meaningful. */
  ratio: number | null;
  /** The target, in words. */
  target: string;
  /** Whether the target is met; null when the run is too small to judge or did not run. */
  met: boolean | null;
  /** Why a figure is missing, or how to read it. */
  note?: string;
  /** Wall time of the scenario, seconds. */
  seconds?: number;
}

/** The whole results file. */
export interface BenchReport {
  nproc: number;
  node: string;
  /** Present and true for `--quick` / `--medium` runs: sizes too small to judge the targets. */
  quick?: boolean;
  /** The size profile: `full`, `medium` or `quick`. */
  profile?: SizeProfile;
  /** ISO time the run finished. */
  date?: string;
  /** True while the run is still going (written after each scenario), or when it was killed. */
  partial?: boolean;
  /** Wall time of the whole run, seconds. */
  seconds?: number;
  scenarios: ScenarioResult[];
}

/** Sizes of a run: `full` for commit-worthy figures, `medium` (about 2 min), `quick` (CI, tiny, about a minute). */
export type SizeProfile = 'full' | 'medium' | 'quick';

/** The seven scenario names, in the order they are reported. */
export const SCENARIO_NAMES = [
  'fanout',
  'memory',
  'idle-rss',
  'query-path',
  'amplification',
  'coalescing',
  'scale',
] as const;

export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What a scenario gets from the harness. */
export interface ScenarioContext {
  profile: SizeProfile;
  /** Progress lines (stderr). */
  log(line: string): void;
}

/** A scenario: runs the gateway and its baseline, cleans up after itself, returns its entry. */
export interface Scenario {
  name: ScenarioName;
  run(context: ScenarioContext): Promise<ScenarioResult>;
}

/** `pick(profile, { full, medium, quick })`: the value for this size profile. */
export const pick = <T>(profile: SizeProfile, values: Record<SizeProfile, T>): T => values[profile];

/** An entry for a scenario that did not produce figures (not implemented, failed, not selected). */
export function emptyResult(name: ScenarioName, target: string, note: string): ScenarioResult {
  return { name, params: {}, ours: null, baseline: null, ratio: null, target, met: null, note };
}
