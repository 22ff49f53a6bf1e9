#!/usr/bin/env node
// One-time set-up that `pnpm start` and `pnpm test` run first, so a fresh clone needs nothing else:
// installs dependencies when missing, builds the console when asked (--console), and makes sure a
// Chromium for the browser tests exists (--browser; installed with apt-get when running as root).
import { execSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const run = (cmd) => execSync(cmd, { cwd: root, stdio: 'inherit' });

if (!existsSync(join(root, 'node_modules', '.modules.yaml'))) {
  console.log('[setup] installing dependencies (pnpm install --frozen-lockfile)…');
  run('pnpm install --frozen-lockfile');
}

if (args.has('--console') && !existsSync(join(root, 'console', 'dist', 'index.html'))) {
  console.log('[setup] building the console (pnpm build)…');
  run('pnpm run build');
}

if (args.has('--browser')) {
  const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (isRoot && existsSync('/usr/bin/apt-get')) {
      console.log('[setup] installing Debian chromium for the browser tests…');
      run('apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
    } else {
      console.error(
        `[setup] no Chromium at ${chromium}. Install it (apt-get install chromium) or set CHROMIUM_PATH.`,
      );
      process.exit(1);
    }
  }
}
