/**
 * The layering rules that `pnpm lint` enforces (.dependency-cruiser.cjs for imports; biome.json with
 * ./no-global-fetch.grit for the global `fetch`), each proven both ways: a small fixture written at a
 * unique path inside the real tree, where the rule applies, must fail the linter with the rule's name
 * in the output, and an allowed neighbour must pass. Fixtures are only linted, never executed, and
 * are removed after each test (as are the folders a test had to create). Their names end in `.ts`,
 * not `.test.ts`, so vitest never collects them.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const bin = (name: string) => path.join(root, 'node_modules', '.bin', name);
const tag = () => randomBytes(4).toString('hex');

type Run = { code: number; output: string };

function run(command: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(
      bin(command),
      args,
      { cwd: root, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const output = `${stdout}${stderr}`;
        if (!error) {
          resolve({ code: 0, output });
        } else if (typeof error.code === 'number') {
          resolve({ code: error.code, output });
        } else {
          reject(Object.assign(error, { output }));
        }
      },
    );
  });
}

const DEPCRUISE = ['--config', '.dependency-cruiser.cjs', '--max-depth', '1'];
/** dependency-cruiser on the given files only (`--max-depth 1`: their own imports, nothing beyond). */
const cruise = (...paths: string[]) => run('depcruise', [...DEPCRUISE, ...paths]);
const cruiseGraph = (...paths: string[]) =>
  run('depcruise', [...DEPCRUISE, '--output-type', 'text', ...paths]);
const biomeLint = (...paths: string[]) => run('biome', ['lint', '--colors=off', ...paths]);

// What a test wrote, removed after it: its files, then the folders it had to create (only if empty,
// so a file someone else put in such a folder meanwhile survives).
let files: string[] = [];
let dirs: string[] = [];

afterEach(async () => {
  for (const rel of files) {
    await rm(path.join(root, rel), { force: true });
  }
  for (const rel of dirs.reverse()) {
    await rmdir(path.join(root, rel)).catch(() => {});
  }
  files = [];
  dirs = [];
});

async function ensureDir(relDir: string): Promise<void> {
  const parts = relDir.split('/');
  for (let i = 1; i <= parts.length; i++) {
    const dir = parts.slice(0, i).join('/');
    if (!existsSync(path.join(root, dir))) {
      await mkdir(path.join(root, dir));
      dirs.push(dir);
    }
  }
}

async function write(rel: string, source: string): Promise<void> {
  await writeFile(path.join(root, rel), source, { flag: 'wx' });
  files.push(rel);
}

/** Writes `source` to `<relDir>/__lint_fixture_<random>.ts` and returns that repo-relative path. */
async function fixture(relDir: string, source: string): Promise<string> {
  await ensureDir(relDir);
  const rel = `${relDir}/__lint_fixture_${tag()}.ts`;
  await write(rel, source);
  return rel;
}

/** The import specifier of a fixture from a sibling file: `__lint_fixture_<random>`. */
const stem = (rel: string) => path.basename(rel, '.ts');

/** A throwaway room of gateway/src/events/, with an index.ts and an internal file. */
async function tempRoom(): Promise<string> {
  const name = `__lint_room_${tag()}`;
  const dir = `gateway/src/events/${name}`;
  await ensureDir(dir);
  await write(`${dir}/index.ts`, "export { inner } from './internal';\n");
  await write(`${dir}/internal.ts`, 'export const inner = 1;\n');
  return name;
}

function expectViolation(result: Run, rule: string, from: string): void {
  expect(result.code, result.output).not.toBe(0);
  expect(result.output).toContain(`error ${rule}: ${from} →`);
}

function expectClean(result: Run): void {
  expect(result.code, result.output).toBe(0);
  expect(result.output).toContain('no dependency violations found');
}

describe('dependency-cruiser resolves workspace packages to their sources', () => {
  it('@wawp-gateway/schema → schema/src/index.ts, @wawp-gateway/gateway/wawp → gateway/src/wawp/index.ts', async () => {
    const file = await fixture(
      'test/lint',
      "import '@wawp-gateway/schema';\nimport '@wawp-gateway/gateway/wawp';\n",
    );
    const result = await cruiseGraph(file);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain(`${file} → schema/src/index.ts`);
    expect(result.output).toContain(`${file} → gateway/src/wawp/index.ts`);
  });
});

describe('rule 1: schema/ imports neither gateway/ nor console/', () => {
  const rule = 'schema-not-to-gateway-or-console';

  it.each([
    ['the gateway package', "import '@wawp-gateway/gateway';\n"],
    ['a gateway subpath export', "import '@wawp-gateway/gateway/wawp';\n"],
    [
      'the gateway package, type-only',
      "import type * as Gateway from '@wawp-gateway/gateway';\nexport type G = typeof Gateway;\n",
    ],
    ['gateway/ by relative path', "import '../../gateway/src/wawp';\n"],
    ['the console package', "import '@wawp-gateway/console';\n"],
  ])('fails on %s', async (_, source) => {
    const file = await fixture('schema/src', source);
    expectViolation(await cruise(file), rule, file);
  });

  it('fails on console/ by relative path', async () => {
    const target = await fixture('console/src/lib', 'export const inner = 1;\n');
    const file = await fixture('schema/src', `import '../../console/src/lib/${stem(target)}';\n`);
    expectViolation(await cruise(file), rule, file);
  });

  it('passes its own files, its own package and npm packages', async () => {
    const sibling = await fixture('schema/src', 'export const inner = 1;\n');
    const file = await fixture(
      'schema/src/modules',
      `import '../${stem(sibling)}';\nimport '@wawp-gateway/schema';\nimport 'graphql';\n`,
    );
    expectClean(await cruise(file));
  });
});

describe('rule 2: console/ does not import gateway/', () => {
  const rule = 'console-not-to-gateway';

  it.each([
    ['the gateway package', "import '@wawp-gateway/gateway';\n"],
    ['@wawp-gateway/gateway/simulator', "import '@wawp-gateway/gateway/simulator';\n"],
    [
      '@wawp-gateway/gateway/wawp, type-only',
      "import type * as Wawp from '@wawp-gateway/gateway/wawp';\nexport type W = typeof Wawp;\n",
    ],
    ['gateway/ by relative path', "import '../../../gateway/src/wawp';\n"],
  ])('fails on %s', async (_, source) => {
    const file = await fixture('console/src/lib', source);
    expectViolation(await cruise(file), rule, file);
  });

  it('passes @wawp-gateway/schema and its own files', async () => {
    const sibling = await fixture('console/src/lib', 'export const inner = 1;\n');
    const file = await fixture(
      'console/src/components',
      `import '@wawp-gateway/schema';\nimport '../lib/${stem(sibling)}';\n`,
    );
    expectClean(await cruise(file));
  });
});

describe('rule 3: only gateway/src/wawp/ and tests use the global fetch', () => {
  const call = "export const probe = () => fetch('http://127.0.0.1');\n";

  it.each([
    ['a call in gateway/', 'gateway/src/sessions', call],
    ['a call in schema/', 'schema/src', call],
    ['a call in console/', 'console/src/lib', call],
    ['a call in scripts/', 'scripts', call],
    ['a shorthand { fetch }', 'gateway/src/sessions', 'export const probe = { fetch };\n'],
    ['a value reference', 'gateway/src/sessions', 'export const probe = () => fetch;\n'],
  ])('the no-global-fetch plugin fails %s', async (_, dir, source) => {
    const file = await fixture(dir, source);
    const result = await biomeLint(file);
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain(`${file}:`);
    expect(result.output).toContain('no-global-fetch');
  });

  it.each([
    ['a call', "export const probe = () => globalThis.fetch('http://127.0.0.1');\n"],
    ['a value reference', 'export const probe = globalThis.fetch;\n'],
  ])('noJsRestrictedProperties fails globalThis.fetch as %s', async (_, source) => {
    const file = await fixture('gateway/src/http', source);
    const result = await biomeLint(file);
    expect(result.code, result.output).not.toBe(0);
    expect(result.output).toContain('lint/nursery/noJsRestrictedProperties');
    expect(result.output).toContain('no-global-fetch');
  });

  it.each([
    [
      'in gateway/src/wawp/',
      'gateway/src/wawp',
      `${call}export const viaGlobal = () => globalThis.fetch('http://127.0.0.1');\n`,
    ],
    ['in a testing/ folder', 'gateway/src/testing', call],
    ['in test/', 'test/lint', call],
    [
      'types and properties named fetch anywhere',
      'gateway/src/sessions',
      'export interface Probe {\n  fetch?: typeof fetch;\n}\n' +
        'export type Fetch = typeof globalThis.fetch;\n' +
        "export const probe = (o: Probe) => o.fetch?.('http://127.0.0.1');\n",
    ],
  ])('passes %s', async (_, dir, source) => {
    const file = await fixture(dir, source);
    const result = await biomeLint(file);
    expect(result.code, result.output).toBe(0);
  });
});

describe('rule 4: the rooms of gateway/src/events/ meet only through their index.ts', () => {
  const rule = 'events-room-through-index';
  const rootRule = 'events-root-through-room-index';

  it("fails when a room imports another room's file (polling/ → ../ingest/<file>)", async () => {
    const target = await fixture('gateway/src/events/ingest', 'export const inner = 1;\n');
    const file = await fixture(
      'gateway/src/events/polling',
      `import '../ingest/${stem(target)}';\n`,
    );
    expectViolation(await cruise(file), rule, file);
  });

  it("fails when a room imports another room's file, type-only", async () => {
    const other = await tempRoom();
    const file = await fixture(
      'gateway/src/events/delivery',
      `import type { inner } from '../${other}/internal';\nexport type T = typeof inner;\n`,
    );
    expectViolation(await cruise(file), rule, file);
  });

  it("fails when a file directly in events/ imports a room's file", async () => {
    const other = await tempRoom();
    const file = await fixture('gateway/src/events', `import './${other}/internal';\n`);
    expectViolation(await cruise(file), rootRule, file);
  });

  it("passes another room's index (../room, ../room/index) and files of its own room", async () => {
    const other = await tempRoom();
    const sibling = await fixture('gateway/src/events/webhooks', 'export const inner = 1;\n');
    const file = await fixture(
      'gateway/src/events/webhooks',
      `import '../${other}';\nimport '../${other}/index';\nimport './${stem(sibling)}';\n` +
        "import '../types';\n",
    );
    const graph = await cruiseGraph(file);
    expect(graph.output).toContain(`${file} → gateway/src/events/${other}/index.ts`);
    expectClean(await cruise(file));
  });

  it("passes a file directly in events/ importing a room's index", async () => {
    const other = await tempRoom();
    const file = await fixture(
      'gateway/src/events',
      `import './${other}';\nimport './${other}/index';\n`,
    );
    expectClean(await cruise(file));
  });
});

describe('rule 5: only the composition root and tests import the simulator', () => {
  const rule = 'simulator-only-from-composition-root';

  it.each([
    ['gateway/src/sessions by relative path', 'gateway/src/sessions', "import '../simulator';\n"],
    [
      'gateway/src/http by package subpath',
      'gateway/src/http',
      "import '@wawp-gateway/gateway/simulator';\n",
    ],
    [
      'gateway/src/events, type-only',
      'gateway/src/events',
      "import type { Simulator } from '../simulator';\nexport type S = Simulator;\n",
    ],
    ['scripts/', 'scripts', "import '../gateway/src/simulator/index';\n"],
  ])('fails from %s', async (_, dir, source) => {
    const file = await fixture(dir, source);
    expectViolation(await cruise(file), rule, file);
  });

  it.each([
    [
      'the simulator itself, importing wawp/ too',
      'gateway/src/simulator',
      "import './index';\nimport '../wawp';\n",
    ],
    ['a testing/ folder', 'gateway/src/testing', "import '../simulator';\n"],
    ['test/', 'test/lint', "import '@wawp-gateway/gateway/simulator';\n"],
  ])('passes from %s', async (_, dir, source) => {
    const file = await fixture(dir, source);
    expectClean(await cruise(file));
  });

  it('passes from the composition root (gateway/src/app.ts, gateway/src/main.ts)', async () => {
    const roots = ['gateway/src/app.ts', 'gateway/src/main.ts'];
    const graph = await cruiseGraph(...roots);
    for (const from of roots) {
      expect(graph.output).toMatch(new RegExp(`^${from} → gateway/src/simulator/`, 'm'));
    }
    expect((await cruise(...roots)).output).not.toContain(rule);
  });
});
