import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PostgresDialect } from 'kysely';
import type { Engine } from './engine';
import { createMutex } from './mutex';
import { createPglitePool } from './pglite-pool';

/** @private Options of `createPgliteEngine`. */
export interface PgliteEngineOptions {
  /** Where PGlite keeps its files; `null` keeps the database in memory. */
  dataDir: string | null;
  schema: string;
  channel: string;
}

/**
 * Settings of the embedded database. Postgres' default `shared_buffers` (128 MB) lives inside
 * PGlite's WebAssembly memory and is never given back: 16 MB holds the gateway's working set (a
 * few thousand instances, the retained event log) and took the idle process from about 310 to
 * 165 MiB (RSS, reopening a data dir; see BENCHMARKS.md, idle-rss).
 */
const PGLITE_CONF = ['shared_buffers = 16MB'];

/**
 * @private Embedded PGlite. It has exactly one connection, shared through one mutex by kysely
 * (see `createPglitePool`), LISTEN and the leases. Advisory locks would always be granted on it
 * (re-entrant within its session), so the leases go by their rows alone — one process owns a
 * PGlite database anyway.
 */
export async function createPgliteEngine(options: PgliteEngineOptions): Promise<Engine> {
  const { dataDir, channel } = options;
  if (dataDir) {
    await mkdir(dataDir, { recursive: true });
  }
  const db = dataDir
    ? await openDataDir(dataDir)
    : await PGlite.create({ loadDataDir: await freshClusterImage(), postgresqlconf: PGLITE_CONF });
  // session-wide, like the search_path of every node-postgres pool connection
  await db.exec(`set search_path to ${options.schema}`);
  const mutex = createMutex();
  return {
    kind: 'pglite',
    dialect: new PostgresDialect({ pool: createPglitePool(db, mutex) }),
    lockSession: {
      query: <R>(sql: string, params: unknown[]) =>
        mutex.run(async () => (await db.query<R>(sql, params)).rows),
      onLost: () => {},
    },
    async listen(onMessage) {
      const stop = await mutex.run(() => db.listen(channel, onMessage));
      return () =>
        mutex.run(async () => {
          if (!db.closed) {
            await stop();
          }
        });
    },
    close: () => mutex.run(() => db.close()),
  };
}

/**
 * Opens the database in `dataDir`. The first time, PGlite runs initdb there, and the process it
 * did that in holds on to hundreds of MB of WebAssembly memory: that instance is closed and the
 * database opened again, and the garbage collected at once when Node runs with `--expose-gc`
 * (`pnpm start` does), so a first start idles as low as any later one.
 */
async function openDataDir(dataDir: string): Promise<PGlite> {
  const fresh = !existsSync(join(dataDir, 'PG_VERSION'));
  const db = await PGlite.create(dataDir, { postgresqlconf: PGLITE_CONF });
  if (!fresh) {
    return db;
  }
  await db.close();
  const reopened = await PGlite.create(dataDir, { postgresqlconf: PGLITE_CONF });
  (globalThis as { gc?: () => void }).gc?.();
  return reopened;
}

let freshCluster: Promise<Blob> | null = null;

/**
 * Most of opening an in-memory PGlite is initdb (seconds on a busy machine). The first in-memory
 * store of a process keeps an image of a freshly initialised cluster (about 40 MB), and every
 * in-memory store starts from it (a fraction of a second), so tests can afford one per test.
 */
function freshClusterImage(): Promise<Blob> {
  freshCluster ??= (async () => {
    const template = await PGlite.create();
    try {
      return await template.dumpDataDir('none');
    } finally {
      await template.close();
    }
  })();
  freshCluster.catch(() => {
    freshCluster = null; // let the next store retry
  });
  return freshCluster;
}
