import type { SessionStatus } from '@wawp-gateway/schema';
import { describe, expect, it } from 'vitest';
import type { Intent, KnownState, Observation } from '../types';
import { diff, toKnownState } from './diff';

const me = { id: '201012345678@c.us', pushName: 'Shop' };
const qr = (value: string) => ({ value, imageDataUrl: `data:${value}`, expiresAt: null });
const known = (status: SessionStatus, extra: Partial<KnownState> = {}): KnownState => ({
  status,
  me: status === 'WORKING' ? me : null,
  qrCode: null,
  ...extra,
});
const obs = (status: SessionStatus, extra: Partial<Observation> = {}): Observation => ({
  instanceId: 'I1',
  status,
  observedAt: new Date(0),
  ...extra,
});
const kinds = (prev: KnownState | null, next: Observation, intent?: Intent) =>
  diff(prev, next, { intent: intent ?? null }).map((d) =>
    d.kind === 'SessionDisconnected' ? `Disconnected:${d.reason}` : d.kind,
  );

describe('diff', () => {
  it.each<[SessionStatus, SessionStatus, Intent | undefined, string | null]>([
    ['WORKING', 'FAILED', undefined, 'DEVICE_UNLINKED'],
    ['WORKING', 'STARTING', undefined, 'CONNECTION_LOST'],
    ['WORKING', 'STARTING', 'restart', null],
    ['WORKING', 'STOPPED', 'stop', null],
    ['WORKING', 'STOPPED', 'logout', 'LOGGED_OUT'],
    ['WORKING', 'STARTING', 'logout', 'LOGGED_OUT'],
    ['WORKING', 'SCAN_QR_CODE', 'logout', 'LOGGED_OUT'],
    ['WORKING', 'FAILED', 'logout', 'LOGGED_OUT'],
    ['WORKING', 'SCAN_QR_CODE', undefined, 'LOGGED_OUT'],
    ['WORKING', 'STOPPED', undefined, 'LOGGED_OUT'],
    ['SCAN_QR_CODE', 'FAILED', undefined, 'QR_EXPIRED'],
    ['STARTING', 'FAILED', undefined, null],
    ['STOPPED', 'STARTING', undefined, null],
    ['STARTING', 'SCAN_QR_CODE', undefined, null],
    ['SCAN_QR_CODE', 'STOPPED', 'logout', null],
  ])('%s -> %s (intent %s) gives reason %s', (from, to, intent, reason) => {
    const drafts = diff(known(from), obs(to), { intent: intent ?? null });
    expect(drafts[0]).toEqual({ kind: 'SessionStatusChanged', status: to, previousStatus: from });
    const disconnected = drafts.find((d) => d.kind === 'SessionDisconnected');
    expect(disconnected ? disconnected.reason : null).toBe(reason);
  });

  it('authenticates on entering WORKING with an account, after the status change', () => {
    expect(kinds(known('SCAN_QR_CODE'), obs('WORKING', { me }))).toEqual([
      'SessionStatusChanged',
      'SessionAuthenticated',
    ]);
  });

  it('authenticates later when WORKING was first seen without an account', () => {
    const first = toKnownState(known('STARTING'), obs('WORKING', { me: null }));
    expect(first.me).toBeNull();
    expect(kinds(first, obs('WORKING', { me }))).toEqual(['SessionAuthenticated']);
  });

  it('keeps the account while WORKING when a source does not carry it', () => {
    expect(kinds(known('WORKING'), obs('WORKING'))).toEqual([]);
    expect(kinds(known('WORKING'), obs('WORKING', { me: null }))).toEqual([]);
  });

  it('publishes an identical observation (webhook then poll) once', () => {
    const next = obs('SCAN_QR_CODE');
    const first = diff(known('STARTING'), next);
    expect(first).toHaveLength(1);
    expect(diff(toKnownState(known('STARTING'), next), obs('SCAN_QR_CODE'))).toEqual([]);
  });

  it('reports a QR only when its value changes', () => {
    const scanning = known('SCAN_QR_CODE', { qrCode: qr('a') });
    expect(kinds(scanning, obs('SCAN_QR_CODE', { qrCode: qr('a') }))).toEqual([]);
    expect(kinds(scanning, obs('SCAN_QR_CODE', { qrCode: qr('b') }))).toEqual(['QrCodeUpdated']);
    expect(kinds(scanning, obs('SCAN_QR_CODE'))).toEqual([]);
    expect(kinds(known('STARTING'), obs('SCAN_QR_CODE', { qrCode: qr('a') }))).toEqual([
      'SessionStatusChanged',
      'QrCodeUpdated',
    ]);
  });

  it('forgets the QR and the account when their status ends', () => {
    const scanning = known('SCAN_QR_CODE', { qrCode: qr('a') });
    expect(toKnownState(scanning, obs('WORKING', { me })).qrCode).toBeNull();
    expect(toKnownState(known('WORKING'), obs('STARTING', { me })).me).toBeNull();
    // a QR seen again after leaving SCAN_QR_CODE is new to subscribers
    const restarted = toKnownState(scanning, obs('STARTING'));
    expect(kinds(restarted, obs('SCAN_QR_CODE', { qrCode: qr('a') }))).toContain('QrCodeUpdated');
  });

  it('introduces a cold instance with its status (and account)', () => {
    expect(diff(null, obs('WORKING', { me }))).toEqual([
      { kind: 'SessionStatusChanged', status: 'WORKING', previousStatus: null },
      { kind: 'SessionAuthenticated', me },
    ]);
  });

  it('collapses a flapping burst to what changed', () => {
    let state: KnownState = known('WORKING');
    const events: string[] = [];
    for (const status of ['WORKING', 'WORKING', 'STARTING', 'STARTING', 'WORKING'] as const) {
      const next = obs(status, { me });
      events.push(...kinds(state, next));
      state = toKnownState(state, next);
    }
    expect(events).toEqual([
      'SessionStatusChanged',
      'Disconnected:CONNECTION_LOST',
      'SessionStatusChanged',
      'SessionAuthenticated',
    ]);
  });
});
