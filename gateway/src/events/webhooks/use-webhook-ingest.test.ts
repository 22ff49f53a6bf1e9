import { describe, expect, it } from 'vitest';
import { useWebhookFixture } from '../../testing/webhook-fixtures';

const { setup, envelope, eventsOf, current: fixture } = useWebhookFixture();

describe('webhook ingest: processing', () => {
  it('publishes 20 concurrent deliveries of one event once', async () => {
    const { post, plugin } = setup();
    const body = envelope('W-dup', 'STARTING');
    const answers = await Promise.all(Array.from({ length: 20 }, () => post(body)));
    const statuses = answers.map((answer) => answer.status).sort();
    expect(statuses.filter((s) => s === 202)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    await plugin.drained();
    expect(await eventsOf('W-dup')).toHaveLength(1);
  });

  it('ignores other events and unknown instances with a 200', async () => {
    const { post } = setup();
    expect(await (await post(envelope('W-x', 'STARTING', { event: 'message' }))).json()).toEqual({
      status: 'ignored',
    });
    expect(await (await post(envelope('nobody', 'STARTING'))).json()).toEqual({
      status: 'ignored',
    });
    expect((await post('{not json')).status).toBe(400);
  });

  it('changes nothing on a forged disconnect that session/info contradicts', async () => {
    const { post, plugin } = setup();
    fixture().upstream.set('W-forged', 'WORKING');
    await post(envelope('W-forged', 'WORKING'));
    await plugin.drained();
    expect((await post(envelope('W-forged', 'FAILED'))).status).toBe(202);
    await plugin.drained();
    expect(fixture().warnings).toContain('events: webhook not confirmed by session/info; ignored');
    const kinds = (await eventsOf('W-forged')).map((e) => e.kind);
    expect(kinds).toEqual(['SessionStatusChanged', 'SessionAuthenticated']);
    expect((await fixture().store.states.get('W-forged'))?.session.status).toBe('WORKING');

    // a real unlink is confirmed and published
    fixture().upstream.set('W-forged', 'FAILED');
    await post(envelope('W-forged', 'FAILED'));
    await plugin.drained();
    const last = (await eventsOf('W-forged')).slice(-1)[0];
    expect(last).toMatchObject({
      kind: 'SessionDisconnected',
      reason: 'DEVICE_UNLINKED',
      source: 'WEBHOOK',
    });
  });

  it('drops deliveries older than the known state', async () => {
    const { post, plugin } = setup();
    const newer = envelope('W-stale', 'SCAN_QR_CODE');
    const older = JSON.stringify({
      ...JSON.parse(envelope('W-stale', 'STARTING')),
      timestamp: (JSON.parse(newer) as { timestamp: number }).timestamp - 10_000,
    });
    await post(newer);
    await plugin.drained();
    await post(older);
    await plugin.drained();
    expect((await fixture().store.states.get('W-stale'))?.session.status).toBe('SCAN_QR_CODE');
    const statuses = (await eventsOf('W-stale')).filter((e) => e.kind === 'SessionStatusChanged');
    expect(statuses).toHaveLength(1);
  });

  it('fetches the new QR on every SCAN_QR_CODE delivery', async () => {
    const { post, plugin, sessions, arrivals } = setup();
    await post(envelope('W-qr', 'SCAN_QR_CODE'));
    await plugin.drained();
    await post(envelope('W-qr', 'SCAN_QR_CODE'));
    await plugin.drained();
    expect(sessions.forgetQrCode).toHaveBeenCalledTimes(2);
    const kinds = (await eventsOf('W-qr')).map((e) => e.kind);
    expect(kinds).toEqual(['SessionStatusChanged', 'QrCodeUpdated', 'QrCodeUpdated']);
    expect(arrivals.noteWebhook).toHaveBeenCalledWith('W-qr');
  });

  it('marks deliveries processed, and replays one acknowledged before a crash', async () => {
    const { post, plugin } = setup();
    await post(envelope('W-done', 'STARTING'));
    await plugin.drained();
    const pendingIds = async () =>
      (await fixture().store.deliveries.pending({ olderThanMs: 0 })).map((d) => d.eventId);
    expect(await pendingIds()).toEqual([]);

    // Recorded (and so acknowledged) by a process that died before processing it.
    const orphan = JSON.parse(envelope('W-orphan', 'SCAN_QR_CODE')) as { id: string };
    await fixture().store.deliveries.record(orphan.id, 'W-orphan', orphan);
    expect(await pendingIds()).toEqual([orphan.id]);
    expect(await plugin.replayPending(0)).toBe(1);
    expect(await pendingIds()).toEqual([]);
    const statuses = (await eventsOf('W-orphan')).filter((e) => e.kind === 'SessionStatusChanged');
    expect(statuses).toMatchObject([{ status: 'SCAN_QR_CODE', source: 'WEBHOOK' }]);
  });
});
