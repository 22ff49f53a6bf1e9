import { describe, expect, it } from 'vitest';
import { QrCountdown_qrCode } from '../components/QrCountdown';
import { getFragmentData } from '../gql';
import { events } from '../testing/events';
import { applySessionEvent, EMPTY_SESSION_VIEW, type SessionEventData } from './sessionState';
import { mergeTimeline, type TimelineEntry, timelineKey } from './timeline';

const entry = (cursor: string, instanceId = 'abc'): TimelineEntry => ({
  key: timelineKey({ instanceId, cursor }),
  cursor,
  instanceId,
  occurredAt: '2026-11-24T12:00:00.000Z',
  source: 'POLL',
  kind: 'Status',
  detail: cursor,
});
const fold = (list: SessionEventData[], view = EMPTY_SESSION_VIEW) =>
  list.reduce(applySessionEvent, view);

describe('mergeTimeline', () => {
  it('appends new cursors in arrival order and drops ones already seen', () => {
    const merged = mergeTimeline(
      [entry('c1'), entry('c2')],
      [entry('c2'), entry('c3'), entry('c3')],
    );
    expect(merged.map((e) => e.cursor)).toEqual(['c1', 'c2', 'c3']);
  });

  it('treats the same cursor of another instance as a different event', () => {
    expect(mergeTimeline([entry('c1', 'a')], [entry('c1', 'b')])).toHaveLength(2);
  });

  it('returns the same array when nothing is new, and keeps only the newest `limit`', () => {
    const current = [entry('c1')];
    expect(mergeTimeline(current, [entry('c1')])).toBe(current);
    const many = Array.from({ length: 5 }, (_, i) => entry(`c${i}`));
    expect(mergeTimeline([], many, 3).map((e) => e.cursor)).toEqual(['c2', 'c3', 'c4']);
  });
});

describe('applySessionEvent (timeline + state)', () => {
  it('resumes after a reconnect with no gap and no duplicate', () => {
    const before = fold([
      events.snapshot('c1', 'STOPPED'),
      events.status('c2', 'STARTING', 'STOPPED'),
    ]);
    // the replay after `after: c2` may repeat c2 (at-least-once); it must show once
    const after = fold(
      [
        events.status('c2', 'STARTING', 'STOPPED'),
        events.status('c3', 'SCAN_QR_CODE', 'STARTING'),
        events.qr('c4', 'QR-1'),
      ],
      before,
    );
    expect(after.timeline.map((e) => e.cursor)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(after.lastCursor).toBe('c4');
    expect(after.status).toBe('SCAN_QR_CODE');
  });

  it('is idempotent: a delivered-twice event changes nothing', () => {
    const once = fold([events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }), events.qr('c2', 'B')]);
    expect(applySessionEvent(once, events.qr('c2', 'B'))).toBe(once);
  });

  it('swaps the QR on QrCodeUpdated and clears it when the status moves on', () => {
    const scanning = fold([
      events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }),
      events.qr('c2', 'B'),
    ]);
    expect(getFragmentData(QrCountdown_qrCode, scanning.qrCode)?.value).toBe('B');
    const working = fold(
      [events.status('c3', 'WORKING', 'SCAN_QR_CODE'), events.authenticated('c4', 'Alaa')],
      scanning,
    );
    expect(working.qrCode).toBeNull();
    expect(working.me?.pushName).toBe('Alaa');
    expect(working.timeline.at(-1)).toMatchObject({ kind: 'Authenticated', detail: 'as Alaa' });
    const out = fold(
      [events.disconnected('c5', 'LOGGED_OUT'), events.status('c6', 'STOPPED', 'WORKING')],
      working,
    );
    expect([out.me, out.status, out.disconnectReason]).toEqual([null, 'STOPPED', 'LOGGED_OUT']);
  });

  it('marks the QR exhausted when the session fails while scanning', () => {
    const failed = fold([
      events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }),
      events.status('c2', 'FAILED', 'SCAN_QR_CODE'),
    ]);
    expect(failed.qrExhausted).toBe(true);
    expect(fold([events.status('c3', 'STARTING', 'FAILED')], failed).qrExhausted).toBe(false);
  });

  it('starts over when the events are another instance’s', () => {
    const a = fold([events.snapshot('c1', 'WORKING')]);
    const b = applySessionEvent(a, { ...events.snapshot('c1', 'STOPPED'), instanceId: 'other' });
    expect([b.instanceId, b.status, b.timeline.length]).toEqual(['other', 'STOPPED', 1]);
  });

  it('notes a resync when a resume cursor was too old, and tracks upstream health', () => {
    const view = fold([
      events.snapshot('c1', 'WORKING'),
      events.snapshot('c9', 'WORKING', { resumed: false }),
    ]);
    expect(view.timeline.at(-1)?.detail).toMatch(/resynced/);
    const down = applySessionEvent(view, events.health('c10', false));
    expect([down.healthy, down.stale]).toEqual([false, true]);
  });
});
