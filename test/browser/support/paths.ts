import { join } from 'node:path';
import { repoRoot } from '../../utils/child-gateway';

export { repoRoot };

/** Where the browser tests write screenshots and gateway logs (git-ignored). */
export const artifactsDir = join(repoRoot, 'test', 'artifacts');

/** The built console the gateway serves at `/`. */
export const consoleDist = join(repoRoot, 'console', 'dist');
