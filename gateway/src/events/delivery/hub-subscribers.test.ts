import type { Viewer } from '@wawp-gateway/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { nextEvents } from '../../testing';
import { admin, makeHub, obs } from '../../testing/hub-fixtures';

let fixture: Awaited<ReturnType<typeof makeHub>>;
afterEach(() => fixture?.dispose());

describe('event hub subscribers', () => {
  it('never lets a tenant see another tenant’s events (1,000 mixed events)', async () => {
    fixture = await makeHub({ bufferSize: 2_000 });
    const { hub, store } = fixture;
    const a = await store.directory.createTenant('A');
    const b = await store.directory.createTenant('B');
    const owner: Record<string, string> = { A1: a.id, A2: a.id, B1: b.id, B2: b.id };
    for (const [id, tenantId] of Object.entries(owner)) {
      await fixture.register(id, tenantId);
      await hub.observe(obs(id, 'STOPPED'), 'POLL');
    }
    const open = (viewer: Viewer, instanceId: string | null = null) =>
      hub.subscribe({ viewer, instanceId, after: null })[Symbol.asyncIterator]();
    const tenantA = open({ role: 'tenant', tenantId: a.id });
    const tenantB = open({ role: 'tenant', tenantId: b.id });
    const tenantBOnA1 = open({ role: 'tenant', tenantId: b.id }, 'A1');
    const all = open(admin);
    expect(await nextEvents(tenantA, 2)).toHaveLength(2);
    expect(await nextEvents(tenantB, 2)).toHaveLength(2);
    expect(await nextEvents(all, 4)).toHaveLength(4);
    const ids = Object.keys(owner);
    for (let i = 0; i < 1_000; i++) {
      const instanceId = ids[i % 4] as string;
      await store.events.append({
        kind: 'UpstreamHealthChanged',
        healthy: i % 2 === 0,
        detail: null,
        instanceId,
        occurredAt: new Date(),
        source: 'GATEWAY',
      });
    }
    const [gotA, gotB, gotAll] = await Promise.all([
      nextEvents(tenantA, 500),
      nextEvents(tenantB, 500),
      nextEvents(all, 1_000),
    ]);
    expect(gotA.every((e) => owner[e.instanceId] === a.id)).toBe(true);
    expect(gotB.every((e) => owner[e.instanceId] === b.id)).toBe(true);
    expect(gotAll).toHaveLength(1_000);
    // the same object reaches every subscriber (shared execution relies on it)
    expect(gotAll.find((e) => e.cursor === gotA[0]?.cursor)).toBe(gotA[0]);
    // a foreign single-instance subscription (which the resolver refuses anyway) gets nothing
    await expect(nextEvents(tenantBOnA1, 1, { timeoutMs: 300 })).rejects.toThrow(/timed out/);
  });

  it('closes a subscriber that cannot keep up and calls onOverflow', async () => {
    fixture = await makeHub({ bufferSize: 5 });
    const { hub, store } = fixture;
    await hub.observe(obs('I1', 'STOPPED'), 'POLL');
    const onOverflow = vi.fn();
    const it = hub
      .subscribe({ viewer: admin, instanceId: 'I1', after: null, onOverflow })
      [Symbol.asyncIterator]();
    await nextEvents(it, 1);
    for (let i = 0; i < 10; i++) {
      await store.events.append({
        kind: 'UpstreamHealthChanged',
        healthy: true,
        detail: null,
        instanceId: 'I1',
        occurredAt: new Date(),
        source: 'GATEWAY',
      });
    }
    await vi.waitFor(() => expect(onOverflow).toHaveBeenCalledTimes(1));
    expect(await it.next()).toEqual({ done: true, value: undefined });
    expect(hub.subscriberCount).toBe(0);
  });

  it('honours the abort signal and return(), releasing watches', async () => {
    const unwatch = vi.fn();
    const watch = vi.fn(() => unwatch);
    fixture = await makeHub();
    const { hub } = fixture;
    hub.onWatch(watch);
    await hub.observe(obs('I1', 'STOPPED'), 'POLL');
    const controller = new AbortController();
    const it = hub
      .subscribe({ viewer: admin, instanceId: 'I1', after: null, signal: controller.signal })
      [Symbol.asyncIterator]();
    await nextEvents(it, 1);
    expect(watch).toHaveBeenCalledWith('I1');
    const pending = it.next();
    controller.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(unwatch).toHaveBeenCalledTimes(1);
    const other = hub
      .subscribe({ viewer: admin, instanceId: 'I1', after: null })
      [Symbol.asyncIterator]();
    await nextEvents(other, 1);
    await other.return?.();
    expect(unwatch).toHaveBeenCalledTimes(2);
    expect(hub.subscriberCount).toBe(0);
  });
});
