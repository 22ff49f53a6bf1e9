import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SessionEvent } from '@wawp-gateway/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from '../../store';
import { nextEvents } from '../../testing';
import { admin, makeHub, makeLogger } from '../../testing/hub-fixtures';
import { createEventHub } from '../hub';
import { createIntents } from './intents';

const health = (instanceId: string, healthy: boolean) => ({
  kind: 'UpstreamHealthChanged' as const,
  healthy,
  detail: null,
  instanceId,
  occurredAt: new Date(),
  source: 'GATEWAY' as const,
});
const seqs = (events: SessionEvent[]) => events.map((event) => Number(event.cursor));

let dispose: (() => Promise<void>) | null = null;
afterEach(async () => {
  await dispose?.();
  dispose = null;
});

describe('event hub ordering', () => {
  it('gives subscribers joining during a burst a snapshot, then every later event once', async () => {
    const fixture = await makeHub({ bufferSize: 1_000 });
    dispose = fixture.dispose;
    const { hub, store } = fixture;
    await hub.observe({ instanceId: 'O1', status: 'STOPPED', observedAt: new Date() }, 'POLL');
    const appended: number[] = [];
    const joined: { it: AsyncIterator<SessionEvent>; resumeFrom: string | null }[] = [];
    for (let i = 0; i < 200; i++) {
      const event = await store.events.append(health('O1', i % 2 === 0));
      appended.push(Number(event.cursor));
      if (i % 20 === 5) {
        const it = hub.subscribe({ viewer: admin, instanceId: 'O1', after: null });
        joined.push({ it: it[Symbol.asyncIterator](), resumeFrom: null });
        const resumeFrom = String(appended[Math.floor(appended.length / 2)]);
        const resumed = hub.subscribe({ viewer: admin, instanceId: 'O1', after: resumeFrom });
        joined.push({ it: resumed[Symbol.asyncIterator](), resumeFrom });
      }
    }
    const last = appended[appended.length - 1] as number;
    for (const { it, resumeFrom } of joined) {
      const received: SessionEvent[] = [];
      while (Number(received[received.length - 1]?.cursor ?? 0) < last) {
        received.push(...(await nextEvents(it, 1)));
      }
      if (resumeFrom === null) {
        expect(received[0]?.kind).toBe('SessionSnapshot');
      }
      const from = resumeFrom === null ? Number(received[0]?.cursor) : Number(resumeFrom);
      const live = resumeFrom === null ? received.slice(1) : received;
      expect(seqs(live)).toEqual(appended.filter((seq) => seq > from));
    }
  });

  it('serves one snapshot per visible instance on a fleet subscription', async () => {
    const fixture = await makeHub();
    dispose = fixture.dispose;
    const { hub, store } = fixture;
    const tenant = await store.directory.createTenant('T');
    for (const [id, owner] of [
      ['F1', tenant.id],
      ['F2', tenant.id],
      ['F3', null],
    ] as const) {
      await fixture.register(id, owner);
      fixture.upstream.set(id, 'WORKING');
    }
    const it = hub.subscribe({
      viewer: { role: 'tenant', tenantId: tenant.id },
      instanceId: null,
      after: null,
    });
    const snapshots = await nextEvents(it[Symbol.asyncIterator](), 2);
    expect(snapshots.map((s) => s.instanceId).sort()).toEqual(['F1', 'F2']);
    expect(fixture.polls.sort()).toEqual(['F1', 'F2']);
    const all = await nextEvents(
      hub.subscribe({ viewer: admin, instanceId: null, after: null })[Symbol.asyncIterator](),
      3,
    );
    expect(all.every((s) => s.kind === 'SessionSnapshot' && s.cursor === all[0]?.cursor)).toBe(
      true,
    );
  });

  it('resumes by cursor across a restart of the gateway on PGlite on disk', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'wawp-events-'));
    dispose = () => rm(dataDir, { recursive: true, force: true });
    const open = async () => {
      const store = await createStore({ dataDir });
      const sessions = { readSession: async () => Promise.reject(new Error('offline')) };
      const hub = createEventHub({
        store,
        sessions,
        health: { healthy: () => true },
        intents: createIntents(),
        directory: store.directory,
        logger: makeLogger().logger,
      });
      await hub.start();
      const close = async () => {
        await hub.stop();
        await store.close();
      };
      return { store, hub, close };
    };
    const first = await open();
    await first.hub.observe(
      { instanceId: 'R1', status: 'STARTING', observedAt: new Date() },
      'POLL',
    );
    const [seen] = await first.hub
      .observe({ instanceId: 'R1', status: 'SCAN_QR_CODE', observedAt: new Date() }, 'POLL')
      .then((r) => r.events);
    await first.hub.observe({ instanceId: 'R1', status: 'FAILED', observedAt: new Date() }, 'POLL');
    await first.close();

    const second = await open();
    const it = second.hub
      .subscribe({ viewer: admin, instanceId: 'R1', after: seen?.cursor ?? null })
      [Symbol.asyncIterator]();
    const missed = await nextEvents(it, 2);
    expect(missed.map((e) => e.kind)).toEqual(['SessionStatusChanged', 'SessionDisconnected']);
    await second.hub.observe(
      { instanceId: 'R1', status: 'STARTING', observedAt: new Date() },
      'POLL',
    );
    const [live] = await nextEvents(it, 1);
    expect(Number(live?.cursor)).toBeGreaterThan(Number(missed[1]?.cursor));
    await second.close();
  });
});
