import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Where the browser tests write screenshots and gateway logs (git-ignored). */
export const artifactsDir = join(repoRoot, 'test', 'artifacts');

/** The built console the gateway serves at `/`. */
export const consoleDist = join(repoRoot, 'console', 'dist');
