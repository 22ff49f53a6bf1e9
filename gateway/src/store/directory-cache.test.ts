import { randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { createAccessCache, createDirectory } from './directory';
import type { Engine } from './engine';
import { migrateToLatest } from './migrate';
import { toChannelName } from './namespace';
import { createPgliteEngine } from './pglite-engine';
import type { ApiKeyPrincipal, StoreDirectory, StoredInstanceRecord } from './store-types';

const record = (instanceId: string, tenantId: string | null): StoredInstanceRecord => ({
  instanceId,
  tenantId,
  label: null,
  externalRef: null,
  createdAt: new Date(0),
  ownerSinceSeq: 0,
});

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('createAccessCache', () => {
  it('answers a second read from memory, and a copy each time', async () => {
    const cache = createAccessCache();
    let reads = 0;
    const read = async (ids: readonly string[]) => {
      reads += 1;
      return ids.map((id) => record(id, 't1'));
    };
    const [first] = await cache.instances(['i1'], read);
    const [second] = await cache.instances(['i1'], read);
    expect(reads).toBe(1);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
  });

  it('reads again after a write settles, even a failed one', async () => {
    const cache = createAccessCache();
    let owner = 't1';
    const read = async (ids: readonly string[]) => ids.map((id) => record(id, owner));
    expect((await cache.instances(['i1'], read))[0]?.tenantId).toBe('t1');
    await cache.write(async () => {
      owner = 't2';
    });
    expect((await cache.instances(['i1'], read))[0]?.tenantId).toBe('t2');
    await expect(
      cache.write(async () => {
        owner = 't3';
        throw new Error('rolled back, say');
      }),
    ).rejects.toThrow();
    expect((await cache.instances(['i1'], read))[0]?.tenantId).toBe('t3');
  });

  it('keeps nothing a write overlapped: a read that began before a revocation is not remembered', async () => {
    const cache = createAccessCache();
    const principal: ApiKeyPrincipal = { keyId: 'k1', tenantId: 't1' };
    const slow = deferred<ApiKeyPrincipal | null>();
    const racing = cache.principal('h1', () => slow.promise);
    // the revocation runs and settles while the read is still out
    await cache.write(async () => {});
    slow.resolve(principal); // what the read saw before the revocation committed
    expect(await racing).toEqual(principal);
    // the next lookup does not get it from memory
    expect(await cache.principal('h1', async () => null)).toBeNull();
  });

  it('keeps nothing read while a write is running', async () => {
    const cache = createAccessCache();
    const commit = deferred<void>();
    const writing = cache.write(() => commit.promise);
    await cache.instances(['i1'], async (ids) => ids.map((id) => record(id, 'old')));
    commit.resolve();
    await writing;
    const after = await cache.instances(['i1'], async (ids) => ids.map((id) => record(id, 'new')));
    expect(after[0]?.tenantId).toBe('new');
  });

  it('reads the database while a write runs: what reacts to its commit sees the new owner', async () => {
    const cache = createAccessCache();
    let owner = 'old';
    const read = async (ids: readonly string[]) => ids.map((id) => record(id, owner));
    await cache.instances(['i1'], read); // remembered: old
    const settle = deferred<void>();
    const writing = cache.write(async () => {
      owner = 'new'; // committed; the write's promise has not settled yet
      await settle.promise;
    });
    expect((await cache.instances(['i1'], read))[0]?.tenantId).toBe('new');
    const key = await cache.principal('h1', async () => ({ keyId: 'k', tenantId: 't' }));
    expect(key).not.toBeNull();
    settle.resolve();
    await writing;
    // nothing read during the write was kept
    owner = 'later';
    expect((await cache.instances(['i1'], read))[0]?.tenantId).toBe('later');
    expect(await cache.principal('h1', async () => null)).toBeNull();
  });

  it('does not remember unknown keys, and remembers unregistered ids only until a write', async () => {
    const cache = createAccessCache();
    let lookups = 0;
    const unknown = async () => {
      lookups += 1;
      return null;
    };
    await cache.principal('h1', unknown);
    await cache.principal('h1', unknown);
    expect(lookups).toBe(2);
    let registered = false;
    const read = async (ids: readonly string[]) =>
      ids.map((id) => (registered ? record(id, null) : null));
    expect(await cache.instances(['i9'], read)).toEqual([null]);
    await cache.write(async () => {
      registered = true;
    });
    expect((await cache.instances(['i9'], read))[0]?.instanceId).toBe('i9');
  });

  it('starts over past maxEntries', async () => {
    const cache = createAccessCache(2);
    let reads = 0;
    const read = async (ids: readonly string[]) => {
      reads += 1;
      return ids.map((id) => record(id, null));
    };
    for (const id of ['a', 'b', 'c', 'a']) {
      await cache.instances([id], read);
    }
    expect(reads).toBe(4);
  });
});

describe('createDirectory with exclusive (PGlite)', () => {
  let engine: Engine;
  let db: Kysely<Database>;
  let directory: StoreDirectory;
  beforeEach(async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const channel = toChannelName(schema);
    engine = await createPgliteEngine({ dataDir: null, schema, channel });
    db = new Kysely<Database>({ dialect: engine.dialect });
    await migrateToLatest(db, schema);
    directory = createDirectory(db, channel, { exclusive: true });
  });
  afterEach(async () => {
    await db.destroy();
    await engine.close();
  });

  it('serves repeated reads from memory (a change behind its back is not seen)', async () => {
    const acme = await directory.createTenant('Acme');
    const { key } = await directory.issueApiKey(acme.id);
    await directory.upsertInstance({ instanceId: 'i1', label: null, tenantId: acme.id });
    expect((await directory.getInstance('i1'))?.tenantId).toBe(acme.id);
    expect(await directory.authenticate(key)).toMatchObject({ tenantId: acme.id });
    // only another writer could do this, which `exclusive` rules out
    await sql`update instances set tenant_id = null`.execute(db);
    await sql`update api_keys set revoked_at = now()`.execute(db);
    expect((await directory.getInstance('i1'))?.tenantId).toBe(acme.id);
    expect(await directory.authenticate(key)).toMatchObject({ tenantId: acme.id });
  });

  it('refuses a revoked key and sees a reassignment or removal on the very next read', async () => {
    const acme = await directory.createTenant('Acme');
    const globex = await directory.createTenant('Globex');
    const issued = await directory.issueApiKey(acme.id);
    await directory.upsertInstance({ instanceId: 'i1', label: null, tenantId: acme.id });
    expect(await directory.authenticate(issued.key)).toEqual({
      keyId: issued.id,
      tenantId: acme.id,
    });
    expect((await directory.getInstances(['i1', 'i2'])).map((r) => r?.tenantId ?? null)).toEqual([
      acme.id,
      null,
    ]);

    expect(await directory.revokeApiKey(issued.id)).toBe(true);
    expect(await directory.authenticate(issued.key)).toBeNull();

    await directory.assignInstance('i1', globex.id);
    expect((await directory.getInstance('i1'))?.tenantId).toBe(globex.id);

    await directory.upsertInstance({ instanceId: 'i2', label: 'new', tenantId: null });
    expect((await directory.getInstances(['i2']))[0]?.label).toBe('new');

    expect(await directory.removeInstance('i1')).toBe(true);
    expect(await directory.getInstance('i1')).toBeNull();
    expect(await directory.authenticate('not a key')).toBeNull();
  });
});
