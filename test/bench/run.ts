/**
 * `pnpm bench [--quick | --medium] [--only fanout,coalescing,...] [--scale] [--results FILE] [--markdown FILE]`:
 * the scenario harness (see README.md). `--scale` runs the `scale` scenario only (added to
 * `--only`'s list when both are given). `pnpm bench:fanout` is the older fan-out table.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { killTrackedGroups } from './cleanup';
import { runBench } from './harness';
import { SCENARIO_NAMES, type ScenarioName } from './types';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    medium: { type: 'boolean', default: false },
    only: { type: 'string' },
    scale: { type: 'boolean', default: false },
    results: { type: 'string' },
    markdown: { type: 'string' },
  },
  allowPositionals: true,
});
const listed = values.only
  ? values.only
      .split(',')
      .map((name) => name.trim())
      .filter(Boolean)
  : undefined;
// --scale: the scale scenario only, or added to --only's list
const only = values.scale ? [...new Set([...(listed ?? []), 'scale'])] : listed;
const unknown = only?.filter((name) => !(SCENARIO_NAMES as readonly string[]).includes(name)) ?? [];
if (unknown.length > 0) {
  process.stderr.write(
    `unknown scenario(s): ${unknown.join(', ')}; known: ${SCENARIO_NAMES.join(', ')}\n`,
  );
  process.exit(2);
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killTrackedGroups();
    process.exit(130);
  });
}
// pnpm runs the script in test/: resolve file options against where `pnpm bench` was typed
const fromCaller = (file: string | undefined) =>
  file === undefined ? undefined : resolve(process.env.INIT_CWD ?? process.cwd(), file);
let code = 0;
try {
  const report = await runBench({
    profile: values.quick ? 'quick' : values.medium ? 'medium' : 'full',
    only: only as ScenarioName[] | undefined,
    resultsFile: fromCaller(values.results),
    markdownFile: fromCaller(values.markdown),
  });
  for (const s of report.scenarios) {
    process.stdout.write(
      `${s.name.padEnd(14)} met=${String(s.met).padEnd(5)} ratio=${s.ratio ?? '–'} ${s.note ?? ''}\n`,
    );
  }
} catch (error) {
  process.stderr.write(`bench failed: ${error instanceof Error ? error.stack : error}\n`);
  code = 1;
}
// workers and servers are stopped by now; exit even if a stray handle lingers
killTrackedGroups();
process.exit(code);
