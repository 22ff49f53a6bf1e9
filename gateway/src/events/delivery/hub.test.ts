import { afterEach, describe, expect, it } from 'vitest';
import { labelOf, nextEvents } from '../../testing';
import { admin, makeHub, obs, qr } from '../../testing/hub-fixtures';

let fixture: Awaited<ReturnType<typeof makeHub>>;
afterEach(() => fixture?.dispose());

describe('event hub', () => {
  it('starts with a snapshot (one poll for a cold instance), then changes only', async () => {
    fixture = await makeHub();
    const { hub, upstream, polls } = fixture;
    await fixture.register('I1');
    upstream.set('I1', 'STARTING');
    const events = hub.subscribe({ viewer: admin, instanceId: 'I1', after: null });
    const it = events[Symbol.asyncIterator]();
    const [snapshot] = await nextEvents(it, 1);
    expect(snapshot).toMatchObject({ kind: 'SessionSnapshot', resumed: true, instanceId: 'I1' });
    expect(snapshot?.kind === 'SessionSnapshot' && snapshot.session.status).toBe('STARTING');
    expect(polls).toEqual(['I1']);

    await hub.observe(obs('I1', 'SCAN_QR_CODE', { qrCode: qr('a') }), 'WEBHOOK');
    await hub.observe(obs('I1', 'SCAN_QR_CODE'), 'POLL');
    await hub.observe(obs('I1', 'SCAN_QR_CODE', { qrCode: qr('b') }), 'POLL');
    const changes = await nextEvents(it, 3);
    expect(changes.map(labelOf)).toEqual(['SCAN_QR_CODE', 'QrCodeUpdated', 'QrCodeUpdated']);
    expect(changes[0]?.source).toBe('WEBHOOK');
    const cursors = [snapshot, ...changes].map((e) => Number(e?.cursor));
    expect(cursors).toEqual([...cursors].sort((a, b) => a - b));
    expect(new Set(cursors.slice(1)).size).toBe(3);

    // a second subscriber is served from the cache: no new poll, the QR is in the snapshot
    const second = hub.subscribe({ viewer: admin, instanceId: 'I1', after: null });
    const [warm] = await nextEvents(second[Symbol.asyncIterator](), 1);
    expect(warm?.kind === 'SessionSnapshot' && warm.qrCode?.value).toBe('b');
    expect(polls).toEqual(['I1']);
    await it.return?.();
  });

  it('resumes after a cursor with exactly the missed events in order, then live', async () => {
    fixture = await makeHub();
    const { hub } = fixture;
    await hub.observe(obs('I1', 'STOPPED'), 'POLL');
    const first = hub
      .subscribe({ viewer: admin, instanceId: 'I1', after: null })
      [Symbol.asyncIterator]();
    const [snapshot] = await nextEvents(first, 1);
    await hub.observe(obs('I1', 'STARTING'), 'GATEWAY');
    const [seen] = await nextEvents(first, 1);
    await first.return?.();

    await hub.observe(obs('I2', 'STARTING'), 'POLL'); // another instance: not replayed
    for (const status of ['SCAN_QR_CODE', 'WORKING', 'STARTING'] as const) {
      await hub.observe(
        obs('I1', status, status === 'WORKING' ? { me: { id: 'x', pushName: null } } : {}),
        'POLL',
      );
    }
    const resumed = hub.subscribe({ viewer: admin, instanceId: 'I1', after: seen?.cursor ?? null });
    const it = resumed[Symbol.asyncIterator]();
    const missed = await nextEvents(it, 5);
    expect(missed.map(labelOf)).toEqual([
      'SCAN_QR_CODE',
      'WORKING',
      'SessionAuthenticated',
      'STARTING',
      'Disconnected:CONNECTION_LOST',
    ]);
    expect(missed.every((e) => e.instanceId === 'I1')).toBe(true);
    await hub.observe(obs('I1', 'WORKING'), 'POLL');
    expect((await nextEvents(it, 1)).map(labelOf)).toEqual(['WORKING']);

    // resuming from the snapshot's cursor misses nothing either
    const again = hub.subscribe({
      viewer: admin,
      instanceId: 'I1',
      after: snapshot?.cursor ?? null,
    });
    const all = await nextEvents(again[Symbol.asyncIterator](), 7);
    expect(all[0]?.cursor).toBe(seen?.cursor);
    expect(all.map(labelOf).slice(-1)).toEqual(['WORKING']);
  });

  it('answers a cursor older than retained history (or foreign) with a fresh snapshot', async () => {
    fixture = await makeHub();
    const { hub, store } = fixture;
    for (const status of ['STARTING', 'SCAN_QR_CODE', 'WORKING'] as const) {
      await hub.observe(obs('I1', status), 'POLL');
    }
    await store.events.prune({ keepPerInstance: 1, maxAgeMs: 3_600_000 });
    for (const after of ['1', 'not-a-cursor', '999999']) {
      const it = hub.subscribe({ viewer: admin, instanceId: 'I1', after })[Symbol.asyncIterator]();
      expect((await nextEvents(it, 1)).map(labelOf)).toEqual(['Snapshot:WORKING:fresh']);
      await it.return?.();
    }
  });
});
