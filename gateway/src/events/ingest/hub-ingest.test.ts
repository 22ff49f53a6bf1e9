import { afterEach, describe, expect, it, vi } from 'vitest';
import { labelOf } from '../../testing';
import { makeHub, makeState, obs } from '../../testing/hub-fixtures';
import { fromRead } from './from-read';

let fixture: Awaited<ReturnType<typeof makeHub>>;
afterEach(() => fixture?.dispose());

describe('event hub ingest', () => {
  it('explains a gateway logout, drops stale webhooks and confirms disconnects', async () => {
    fixture = await makeHub();
    const { hub, upstream } = fixture;
    const me = { id: 'x@c.us', pushName: null };
    const t0 = Date.now() + 60_000; // webhooks newer than any read in this test
    await hub.observe(obs('I1', 'WORKING', { me, upstreamTs: t0 + 100 }), 'WEBHOOK');
    const refused = { events: [], accepted: false };
    expect(await hub.observe(obs('I1', 'STARTING', { upstreamTs: t0 + 50 }), 'WEBHOOK')).toEqual(
      refused,
    );
    upstream.set('I1', 'WORKING');
    expect(
      await hub.observe(obs('I1', 'FAILED', { upstreamTs: t0 + 200 }), 'WEBHOOK', {
        confirm: fixture.confirm('I1'),
      }),
    ).toEqual(refused);
    expect(fixture.warnings).toContain('events: webhook not confirmed by session/info; ignored');
    upstream.set('I1', 'FAILED');
    const { events: unlinked } = await hub.observe(
      obs('I1', 'FAILED', { upstreamTs: t0 + 300 }),
      'WEBHOOK',
      { confirm: fixture.confirm('I1') },
    );
    expect(unlinked.map(labelOf)).toEqual(['FAILED', 'Disconnected:DEVICE_UNLINKED']);
    expect(unlinked[0]?.source).toBe('WEBHOOK');

    await hub.observe(fromRead(makeState('I2', 'WORKING')), 'POLL');
    fixture.intents.note('I2', 'logout');
    const { events: out } = await hub.observe(obs('I2', 'STOPPED'), 'GATEWAY');
    expect(out.map(labelOf)).toEqual(['STOPPED', 'Disconnected:LOGGED_OUT']);
  });

  it('dates reads by the gateway clock: webhooks older than a read are stale', async () => {
    fixture = await makeHub();
    const { hub, store } = fixture;
    const statusOf = async (id: string) => (await store.states.get(id))?.session.status;
    hub.observe(fromRead(makeState('C1', 'WORKING')), 'POLL');
    const answer = makeState('C1', 'STARTING'); // e.g. a logout's answer
    hub.observe(fromRead(answer), 'GATEWAY');
    await vi.waitFor(async () => expect(await statusOf('C1')).toBe('STARTING'));
    // emitted by Wawp just before that answer, delivered after it
    const emittedAt = answer.observedAt.getTime() - 50;
    const late = await hub.observe(obs('C1', 'STOPPED', { upstreamTs: emittedAt }), 'WEBHOOK');
    expect(late.accepted).toBe(false);

    // Wawp's clock an hour ahead: its webhooks apply, and so do the reads after them
    await hub.observe(obs('C1', 'SCAN_QR_CODE', { upstreamTs: Date.now() + 3_600_000 }), 'WEBHOOK');
    hub.observe(fromRead(makeState('C1', 'WORKING')), 'POLL');
    await vi.waitFor(async () => expect(await statusOf('C1')).toBe('WORKING'));
  });

  it('refuses a read sent before a webhook was received (no rollback of a linked session)', async () => {
    fixture = await makeHub();
    const { hub, store } = fixture;
    const statusOf = async (id: string) => (await store.states.get(id))?.session.status;
    await hub.observe(obs('L1', 'SCAN_QR_CODE'), 'POLL');
    const sentBeforeTheScan = new Date(Date.now() - 20);
    const me = { id: 'l@c.us', pushName: 'Linked' };
    const linked = await hub.observe(
      obs('L1', 'WORKING', { me, upstreamTs: Date.now() }),
      'WEBHOOK',
    );
    expect(linked.events.map(labelOf)).toEqual(['WORKING', 'SessionAuthenticated']);
    // the poll answered before the phone scanned, processed after the webhook
    const late = { ...obs('L1', 'SCAN_QR_CODE'), observedAt: sentBeforeTheScan };
    expect(await hub.observe(late, 'POLL')).toEqual({ events: [], accepted: false });
    expect(await statusOf('L1')).toBe('WORKING');
    // two reads waiting in the queue: the older one never overrides the newer one
    const newer = hub.observe(obs('L1', 'WORKING', { me }), 'POLL');
    const older = hub.observe({ ...obs('L1', 'STOPPED'), observedAt: sentBeforeTheScan }, 'POLL');
    await Promise.all([newer, older]);
    expect(await statusOf('L1')).toBe('WORKING');
    const { events: next } = await hub.observe(obs('L1', 'STOPPED'), 'POLL');
    expect(next.map(labelOf)).toContain('STOPPED');
  });
});
