import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFixtures, type TestDatabase } from '../testing/store-fixtures';
import { UnknownTenantError } from './errors';
import type { Store } from './store-types';

describe.each(storeFixtures)('directory on $name', (fixture) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await fixture.createDatabase();
    store = await database.open();
  });
  afterEach(() => database.dispose());

  it('creates, lists and gets tenants', async () => {
    const acme = await store.directory.createTenant('Acme');
    const globex = await store.directory.createTenant('Globex');
    expect(acme).toMatchObject({
      name: 'Acme',
      id: expect.any(String),
      createdAt: expect.any(Date),
    });
    expect(acme.id).not.toBe(globex.id);
    expect(await store.directory.listTenants()).toEqual([acme, globex]);
    expect(await store.directory.getTenant(globex.id)).toEqual(globex);
    expect(await store.directory.getTenant('nope')).toBeNull();
  });

  it('registers instances: insert, then overwrite label and tenant, keeping createdAt', async () => {
    const acme = await store.directory.createTenant('Acme');
    const first = await store.directory.upsertInstance({
      instanceId: 'i1',
      label: 'Front desk',
      tenantId: acme.id,
    });
    expect(first).toEqual({
      instanceId: 'i1',
      label: 'Front desk',
      tenantId: acme.id,
      externalRef: null,
      createdAt: expect.any(Date),
      ownerSinceSeq: expect.any(Number),
    });
    const second = await store.directory.upsertInstance({
      instanceId: 'i1',
      label: null,
      tenantId: null,
    });
    expect(second).toEqual({
      instanceId: 'i1',
      label: null,
      tenantId: null,
      externalRef: null,
      createdAt: first.createdAt,
      ownerSinceSeq: expect.any(Number),
    });
    await expect(
      store.directory.upsertInstance({ instanceId: 'i2', label: null, tenantId: 'ghost' }),
    ).rejects.toBeInstanceOf(UnknownTenantError);
    expect(await store.directory.getInstance('i2')).toBeNull();
  });

  it('keeps externalRef unique per tenant, keeps it when left out, filters by it', async () => {
    const acme = await store.directory.createTenant('Acme');
    const globex = await store.directory.createTenant('Globex');
    const put = (instanceId: string, tenantId: string | null, externalRef?: string | null) =>
      store.directory.upsertInstance({ instanceId, label: null, tenantId, externalRef });
    expect((await put('e1', acme.id, 'user-1')).externalRef).toBe('user-1');
    await expect(put('e2', acme.id, 'user-1')).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    expect((await put('e2', globex.id, 'user-1')).externalRef).toBe('user-1');
    expect((await put('e1', acme.id)).externalRef).toBe('user-1');
    const found = await store.directory.listInstances({ tenantId: acme.id, externalRef: 'user-1' });
    expect(found.map((i) => i.instanceId)).toEqual(['e1']);
    // moving e2 to Acme would give Acme two instances for user-1
    await expect(store.directory.assignInstance('e2', acme.id)).rejects.toMatchObject({
      extensions: { code: 'CONFLICT' },
    });
    expect((await put('e1', acme.id, null)).externalRef).toBeNull();
  });

  it('keeps connect links hashed, ends them once (revoked, used, reassigned), counts codes', async () => {
    const acme = await store.directory.createTenant('Acme');
    await store.directory.upsertInstance({ instanceId: 'c1', label: null, tenantId: acme.id });
    const soon = new Date(Date.now() + 60_000);
    const make = () =>
      store.directory.createConnectLink({
        instanceId: 'c1',
        tenantId: acme.id,
        expiresAt: soon,
        returnUrl: null,
      });
    const first = await make();
    expect(first.token).toMatch(/^wcl_[A-Za-z0-9_-]{32}$/);
    expect(await store.directory.findConnectLink(first.token)).toMatchObject({ id: first.id });
    // one character off (a token ends in x one time in 64)
    const offByOne = `${first.token.slice(0, -1)}${first.token.endsWith('x') ? 'y' : 'x'}`;
    expect(await store.directory.findConnectLink(offByOne)).toBeNull();
    expect(JSON.stringify(await store.directory.listConnectLinks('c1'))).not.toContain(first.token);
    const second = await make();
    expect(await store.directory.revokeConnectLinks('c1')).toBe(2);
    expect(await store.directory.revokeConnectLinks('c1')).toBe(0);
    const third = await make();
    expect(await store.directory.markConnectLinksUsed('c1')).toEqual([third.id]);
    const fourth = await make();
    await store.directory.assignInstance('c1', null);
    const links = await store.directory.listConnectLinks('c1');
    expect(links.map((l) => l.id)).toEqual([fourth.id, third.id, second.id, first.id]);
    expect(links.find((l) => l.id === fourth.id)?.revokedAt).toBeInstanceOf(Date);
    expect(links.find((l) => l.id === third.id)).toMatchObject({ revokedAt: null });
    const ended = (await store.events.readLogAfter({ afterSeq: 0 })).flatMap((entry) =>
      entry.kind === 'ConnectLinkEnded' ? [entry.linkId] : [],
    );
    expect(ended.sort()).toEqual([first.id, second.id, third.id, fourth.id].sort());
    const counted = [];
    for (let i = 0; i < 4; i += 1) {
      counted.push(await store.directory.tryCountLinkPairingCode(first.id));
    }
    expect(counted).toEqual([true, true, true, false]);
  });

  it('logs every change of owner, and the new owner’s history starts there', async () => {
    const acme = await store.directory.createTenant('Acme');
    const registered = await store.directory.upsertInstance({
      instanceId: 'o1',
      label: null,
      tenantId: null,
    });
    const relabelled = await store.directory.upsertInstance({
      instanceId: 'o1',
      label: 'renamed',
      tenantId: null,
    });
    expect(relabelled.ownerSinceSeq).toBe(registered.ownerSinceSeq);
    const assigned = await store.directory.assignInstance('o1', acme.id);
    expect(await store.directory.assignInstance('o1', acme.id)).toEqual(assigned);
    const [stored] = await store.directory.getInstances(['o1']);
    expect(stored?.ownerSinceSeq).toBeGreaterThan(registered.ownerSinceSeq);
    const changes = async () =>
      (await store.events.readLogAfter({ afterSeq: 0 })).map((entry) =>
        entry.kind === 'InstanceAssigned' ? `${entry.tenantId}:${entry.registered}` : entry.kind,
      );
    expect(await changes()).toEqual(['null:true', `${acme.id}:true`]);
    // removing deletes the instance's history, its earlier changes of owner included
    expect(await store.directory.removeInstance('o1')).toBe(true);
    expect(await changes()).toEqual(['null:false']);
    // access changes are never replayed as events
    expect(await store.events.readAfter({ afterSeq: 0 })).toEqual([]);
  });

  it('logs a revocation with the key’s id', async () => {
    const acme = await store.directory.createTenant('Acme');
    const issued = await store.directory.issueApiKey(acme.id);
    expect(await store.directory.revokeApiKey(issued.id)).toBe(true);
    expect(await store.directory.revokeApiKey(issued.id)).toBe(false);
    const log = await store.events.readLogAfter({ afterSeq: 0 });
    expect(log).toEqual([{ kind: 'ApiKeyRevoked', keyId: issued.id, cursor: expect.any(String) }]);
  });

  it('reads, filters, assigns and removes instances', async () => {
    const acme = await store.directory.createTenant('Acme');
    await store.directory.upsertInstance({ instanceId: 'a', label: 'A', tenantId: acme.id });
    await store.directory.upsertInstance({ instanceId: 'b', label: 'B', tenantId: null });
    expect((await store.directory.listInstances()).map((i) => i.instanceId).sort()).toEqual([
      'a',
      'b',
    ]);
    expect(
      (await store.directory.listInstances({ tenantId: acme.id })).map((i) => i.instanceId),
    ).toEqual(['a']);
    const batch = await store.directory.getInstances(['b', 'missing', 'a', 'b']);
    expect(batch.map((i) => i?.instanceId ?? null)).toEqual(['b', null, 'a', 'b']);
    expect(await store.directory.getInstances([])).toEqual([]);

    expect(await store.directory.assignInstance('b', acme.id)).toMatchObject({
      instanceId: 'b',
      tenantId: acme.id,
    });
    expect(await store.directory.assignInstance('a', null)).toMatchObject({
      instanceId: 'a',
      tenantId: null,
    });
    expect(await store.directory.assignInstance('missing', acme.id)).toBeNull();
    await expect(store.directory.assignInstance('a', 'ghost')).rejects.toThrow(UnknownTenantError);

    expect(await store.directory.removeInstance('a')).toBe(true);
    expect(await store.directory.removeInstance('a')).toBe(false);
    expect(await store.directory.getInstance('a')).toBeNull();
  });

  it("removing an instance drops its events and state, not other instances'", async () => {
    await store.directory.upsertInstance({ instanceId: 'a', label: null, tenantId: null });
    const event = {
      kind: 'SessionDisconnected',
      source: 'POLL',
      occurredAt: new Date(),
      reason: 'UNKNOWN',
    } as const;
    await store.events.append({ ...event, instanceId: 'a' });
    await store.events.append({ ...event, instanceId: 'b' });
    await store.states.put({
      instanceId: 'a',
      status: 'STOPPED',
      me: null,
      observedAt: new Date(),
      stale: false,
    });
    await store.directory.removeInstance('a');
    expect((await store.events.readAfter({ afterSeq: 0 })).map((e) => e.instanceId)).toEqual(['b']);
    expect(await store.states.get('a')).toBeNull();
  });

  it('issues keys shown once, authenticates them, revokes them', async () => {
    const acme = await store.directory.createTenant('Acme');
    const issued = await store.directory.issueApiKey(acme.id);
    expect(issued.key).toMatch(/^wgk_[A-Za-z0-9_-]{43}$/);
    expect(issued).toMatchObject({
      tenantId: acme.id,
      prefix: issued.key.slice(0, 12),
      revokedAt: null,
    });

    const listed = await store.directory.listApiKeys(acme.id);
    expect(listed).toEqual([
      {
        id: issued.id,
        tenantId: acme.id,
        prefix: issued.prefix,
        createdAt: issued.createdAt,
        revokedAt: null,
      },
    ]);
    expect(JSON.stringify(listed)).not.toContain(issued.key);

    expect(await store.directory.authenticate(issued.key)).toEqual({
      keyId: issued.id,
      tenantId: acme.id,
    });
    expect(
      await store.directory.authenticate(
        `${issued.key.slice(0, -1)}${issued.key.endsWith('A') ? 'B' : 'A'}`,
      ),
    ).toBeNull();
    expect(await store.directory.authenticate('wgk_short')).toBeNull();
    expect(await store.directory.authenticate('')).toBeNull();

    expect(await store.directory.revokeApiKey(issued.id)).toBe(true);
    expect(await store.directory.revokeApiKey(issued.id)).toBe(false);
    expect(await store.directory.revokeApiKey('nope')).toBe(false);
    expect(await store.directory.authenticate(issued.key)).toBeNull();
    const [revoked] = await store.directory.listApiKeys(acme.id);
    expect(revoked?.revokedAt).toBeInstanceOf(Date);

    await expect(store.directory.issueApiKey('ghost')).rejects.toThrow(UnknownTenantError);
    expect(await store.directory.listApiKeys('ghost')).toEqual([]);
  });
});
