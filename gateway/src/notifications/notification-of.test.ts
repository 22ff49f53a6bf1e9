import type { SessionEvent } from '@wawp-gateway/schema';
import { describe, expect, it } from 'vitest';
import { notificationOf } from './notification-of';

const base = { cursor: '1', instanceId: 'i1', occurredAt: new Date(0), source: 'WEBHOOK' } as const;
const changed = (
  status: string,
  previousStatus: string | null,
  source: SessionEvent['source'] = 'WEBHOOK',
) => ({ ...base, source, kind: 'SessionStatusChanged', status, previousStatus }) as SessionEvent;

describe('notificationOf', () => {
  it.each(['DEVICE_UNLINKED', 'LOGGED_OUT', 'QR_EXPIRED'])(
    'a lost link (%s) needs the user',
    (reason) => {
      expect(
        notificationOf({ ...base, kind: 'SessionDisconnected', reason } as SessionEvent),
      ).toEqual({
        kind: 'SESSION_NEEDS_LINK',
        reason,
      });
    },
  );

  it('a dropped connection that comes back by itself tells nobody', () => {
    for (const reason of ['CONNECTION_LOST', 'UNKNOWN']) {
      expect(
        notificationOf({ ...base, kind: 'SessionDisconnected', reason } as SessionEvent),
      ).toBeNull();
    }
  });

  it('FAILED while starting needs the user; FAILED from elsewhere is told by its disconnect', () => {
    expect(notificationOf(changed('FAILED', 'STARTING'))).toEqual({
      kind: 'SESSION_NEEDS_LINK',
      reason: 'FAILED',
    });
    expect(notificationOf(changed('FAILED', 'WORKING'))).toBeNull();
  });

  it('an account on WORKING is linked', () => {
    const me = { id: '1@c.us', pushName: 'Ada' };
    expect(notificationOf({ ...base, kind: 'SessionAuthenticated', me } as SessionEvent)).toEqual({
      kind: 'SESSION_LINKED',
      reason: null,
    });
  });

  it("the watchdog's restart (STARTING, still STARTING, by the gateway) is stuck", () => {
    expect(notificationOf(changed('STARTING', 'STARTING', 'GATEWAY'))).toEqual({
      kind: 'SESSION_STUCK',
      reason: 'WATCHDOG_RESTART',
    });
    // the same change told by Wawp or a poll is not the watchdog's
    expect(notificationOf(changed('STARTING', 'STARTING', 'POLL'))).toBeNull();
    expect(notificationOf(changed('STARTING', 'STOPPED', 'GATEWAY'))).toBeNull();
  });

  it('other events tell nobody', () => {
    expect(notificationOf(changed('WORKING', 'STARTING'))).toBeNull();
    expect(
      notificationOf({
        ...base,
        kind: 'UpstreamHealthChanged',
        healthy: false,
        detail: null,
      } as SessionEvent),
    ).toBeNull();
  });
});
