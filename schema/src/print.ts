/**
 * Writes `schema/schema.graphql` from the schema. With `--check`, writes nothing and exits 1 when
 * the committed file differs (CI: `pnpm --filter @wawp-gateway/schema run print --check`).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { schema } from './modules/index';
import { printSdl, SDL_FILE } from './sdl';

const path = fileURLToPath(SDL_FILE);
const sdl = printSdl(schema);

if (process.argv.includes('--check')) {
  let committed: string | null = null;
  try {
    committed = readFileSync(path, 'utf8');
  } catch {
    committed = null;
  }
  if (committed !== sdl) {
    process.stderr.write(
      `${path} is ${committed === null ? 'missing' : 'out of date'}: the schema changed. ` +
        'Run `pnpm codegen` (or `pnpm schema:print`) and commit the result.\n',
    );
    process.exitCode = 1;
  } else {
    process.stdout.write(`${path} is up to date.\n`);
  }
} else {
  writeFileSync(path, sdl);
  process.stdout.write(`Wrote ${path}\n`);
}
