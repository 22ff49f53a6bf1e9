import { execFile } from 'node:child_process';
import { mkdir, readdir, rmdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sleep } from '../../utils/wait';
import { consoleDist, repoRoot } from './paths';

const run = promisify(execFile);
const consoleDir = join(repoRoot, 'console');
const LOCK = join(tmpdir(), 'wawp-gateway-console-build.lock');

async function newestMtime(path: string): Promise<number> {
  const info = await stat(path).catch(() => null);
  if (!info) {
    return 0;
  }
  if (!info.isDirectory()) {
    return info.mtimeMs;
  }
  let newest = 0;
  for (const entry of await readdir(path)) {
    newest = Math.max(newest, await newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when `console/dist/index.html` is missing or older than any console source. */
async function isStale(): Promise<boolean> {
  const built = (await stat(join(consoleDist, 'index.html')).catch(() => null))?.mtimeMs ?? 0;
  const sources = Math.max(
    ...(await Promise.all(
      ['src', 'index.html', 'vite.config.ts', 'package.json'].map((name) =>
        newestMtime(join(consoleDir, name)),
      ),
    )),
  );
  return built < sources;
}

/**
 * Runs `pnpm build` when the built console is missing or stale. Browser test files run in
 * parallel workers, so a lock directory makes sure only one of them builds at a time (Vite
 * empties `dist` first, which would break a gateway serving it).
 */
export async function ensureConsoleBuilt(): Promise<void> {
  if (!(await isStale())) {
    return;
  }
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      await mkdir(LOCK);
      break;
    } catch {
      const held = await stat(LOCK).catch(() => null);
      if (held && Date.now() - held.mtimeMs > 90_000) {
        await rmdir(LOCK).catch(() => undefined); // left behind by a killed run
      }
      if (Date.now() > deadline) {
        throw new Error(`console build lock ${LOCK} held for too long`);
      }
      await sleep(250);
    }
  }
  try {
    if (await isStale()) {
      await run('pnpm', ['run', 'build'], { cwd: repoRoot, timeout: 120_000 });
    }
  } finally {
    await rmdir(LOCK).catch(() => undefined);
  }
}
