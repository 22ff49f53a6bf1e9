import type { Kysely } from 'kysely';
import { hashApiKey, isApiKeyShape } from './api-key-secret';
import { createApiKeys } from './api-keys';
import { createConnectLinks } from './connect-links';
import type { Database } from './database';
import { createInstances } from './instances';
import type { ApiKeyPrincipal, StoreDirectory, StoredInstanceRecord } from './store-types';
import { createTenants } from './tenants';

/** @private Options of {@link createDirectory}. */
export interface DirectoryOptions {
  /**
   * True only when no other process can write this database: embedded PGlite
   * (`createPgliteEngine`), which exactly one process opens. Instance records and key lookups are
   * then answered from memory ({@link createAccessCache}), and every write of this directory
   * drops them. Never set it on Postgres: another replica's revocation or reassignment would not
   * be seen. @default false
   */
  exclusive?: boolean;
  /** Entries each cache holds before it starts over. @default 10_000 */
  maxEntries?: number;
}

/** The directory's methods that only read; every other one is a write (see `withAccessCache`). */
const READS = new Set<keyof StoreDirectory>([
  'listTenants',
  'getTenant',
  'listInstances',
  'getInstance',
  'getInstances',
  'listApiKeys',
  'authenticate',
  'listConnectLinks',
  'findConnectLink',
]);

/**
 * @private The `DirectoryPort` (plus `authenticate`) over the store's tables. Changes of access
 * (a key revoked, an instance registered, reassigned or removed) are written to the event log on
 * `channel` in the same transaction (`access-log.ts`). With `exclusive`, the per-request reads
 * (instance records, key lookups) are served from a write-through cache; see
 * {@link DirectoryOptions.exclusive} for when that is correct.
 */
export function createDirectory(
  db: Kysely<Database>,
  channel: string,
  options: DirectoryOptions = {},
): StoreDirectory {
  const links = createConnectLinks(db, channel);
  const directory: StoreDirectory = {
    ...createTenants(db),
    ...createInstances(db, channel),
    ...createApiKeys(db, channel),
    createConnectLink: links.create,
    listConnectLinks: links.list,
    revokeConnectLinks: links.revokeAll,
    findConnectLink: links.findByToken,
    markConnectLinksUsed: links.markUsed,
    tryCountLinkPairingCode: links.tryCountPairingCode,
  };
  return options.exclusive ? withAccessCache(directory, options.maxEntries) : directory;
}

/**
 * @private A cache of reads that every write empties, for a database only this process writes.
 *
 * Why it never answers with what a committed write changed (a revoked key, a reassigned or
 * removed instance), so that "the very next request is refused" holds:
 * - while any write runs (from its call until its transaction has committed or failed and it
 *   settled), the cache is bypassed: every read goes to the database and nothing is stored. That
 *   covers what reacts to a write's commit before the write's own promise settles (the access
 *   change's NOTIFY reaches this process's hub from inside the COMMIT);
 * - a write empties the cache when it starts and again when it settles, and bumps `generation`
 *   both times; a read stores its result only when `generation` did not move while it ran and
 *   no write is running. So whatever the cache holds was read entirely after the last write
 *   settled, from the committed database;
 * - every writer of these tables is this directory (their only code is `instances.ts`,
 *   `api-keys.ts`, `tenants.ts` and `connect-links.ts`, all behind it; every method that is not
 *   a known read counts as a write), and with `exclusive` no other process shares the database.
 *   A write's answer is sent after it settled, so any request that follows it reads afresh.
 */
export function createAccessCache(maxEntries = 10_000) {
  let generation = 0;
  let writing = 0;
  const instances = new Map<string, StoredInstanceRecord | null>();
  // keyed by the key's SHA-256, never the key; only valid keys (unknown keys are not stored)
  const principals = new Map<string, ApiKeyPrincipal>();
  const bounded = <K, V>(map: Map<K, V>, key: K, value: V) => {
    if (map.size >= maxEntries) {
      map.clear();
    }
    map.set(key, value);
  };
  const forget = () => {
    generation += 1;
    instances.clear();
    principals.clear();
  };
  /** Whether a read that began at `started` may keep what it read. */
  const mayKeep = (started: number) => started === generation && writing === 0;
  return {
    /** Runs a write: the cache is bypassed while it runs and emptied when it settles. */
    async write<T>(run: () => Promise<T>): Promise<T> {
      writing += 1;
      forget();
      try {
        return await run();
      } finally {
        writing -= 1;
        forget();
      }
    },
    async instances(
      ids: readonly string[],
      read: (ids: readonly string[]) => Promise<(StoredInstanceRecord | null)[]>,
    ): Promise<(StoredInstanceRecord | null)[]> {
      if (writing === 0 && ids.every((id) => instances.has(id))) {
        return ids.map((id) => copy(instances.get(id)));
      }
      const started = generation;
      const records = await read(ids);
      if (mayKeep(started)) {
        for (const [i, id] of ids.entries()) {
          bounded(instances, id, records[i] ?? null);
        }
      }
      return records.map(copy);
    },
    async principal(
      hash: string,
      read: () => Promise<ApiKeyPrincipal | null>,
    ): Promise<ApiKeyPrincipal | null> {
      const held = writing === 0 ? principals.get(hash) : undefined;
      if (held) {
        return { ...held };
      }
      const started = generation;
      const found = await read();
      if (found && mayKeep(started)) {
        bounded(principals, hash, { ...found });
      }
      return found;
    },
  };
}

/** Callers get their own object: a resolver changing a record must not change the cache. */
const copy = (record: StoredInstanceRecord | null | undefined) => (record ? { ...record } : null);

function withAccessCache(directory: StoreDirectory, maxEntries?: number): StoreDirectory {
  const cache = createAccessCache(maxEntries);
  const cached = { ...directory };
  for (const name of Object.keys(directory) as (keyof StoreDirectory)[]) {
    if (!READS.has(name)) {
      const write = directory[name] as (...args: unknown[]) => Promise<unknown>;
      (cached as Record<string, unknown>)[name] = (...args: unknown[]) =>
        cache.write(() => write(...args));
    }
  }
  cached.getInstances = (ids) => cache.instances(ids, directory.getInstances);
  cached.getInstance = async (id) =>
    (await cache.instances([id], directory.getInstances))[0] ?? null;
  cached.authenticate = (key) =>
    isApiKeyShape(key)
      ? cache.principal(hashApiKey(key), () => directory.authenticate(key))
      : Promise.resolve(null);
  return cached;
}
