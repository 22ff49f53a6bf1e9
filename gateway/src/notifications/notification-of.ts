import type { NotificationKind, SessionEvent } from '@wawp-gateway/schema';
import { isWatchdogRestart } from '../events';

/** What an event tells an integrator, if anything: the kind and why. */
export interface EventNotification {
  kind: NotificationKind;
  /** e.g. `DEVICE_UNLINKED`, `LOGGED_OUT`, `QR_EXPIRED`, `FAILED`, `WATCHDOG_RESTART`. */
  reason: string | null;
}

const NEEDS_LINK_REASONS = new Set(['DEVICE_UNLINKED', 'LOGGED_OUT', 'QR_EXPIRED']);

/**
 * The notification an event of the log makes, or `null`: a lost link (unlinked, logged out, QR
 * expired, or FAILED while linking) needs the user; an account on WORKING is linked; a session
 * that stayed STARTING past the watchdog time, and was restarted by it, is stuck.
 */
export function notificationOf(event: SessionEvent): EventNotification | null {
  switch (event.kind) {
    case 'SessionDisconnected':
      return NEEDS_LINK_REASONS.has(event.reason)
        ? { kind: 'SESSION_NEEDS_LINK', reason: event.reason }
        : null;
    case 'SessionStatusChanged':
      if (isWatchdogRestart(event)) {
        return { kind: 'SESSION_STUCK', reason: 'WATCHDOG_RESTART' };
      }
      // FAILED while starting: no link, and no SessionDisconnected says so
      return event.status === 'FAILED' && event.previousStatus === 'STARTING'
        ? { kind: 'SESSION_NEEDS_LINK', reason: 'FAILED' }
        : null;
    case 'SessionAuthenticated':
      return { kind: 'SESSION_LINKED', reason: null };
    default:
      return null;
  }
}

/** The `type` of a notification's JSON body. */
export const TYPE_OF: Record<NotificationKind, string> = {
  SESSION_NEEDS_LINK: 'session.needs_link',
  SESSION_LINKED: 'session.linked',
  SESSION_STUCK: 'session.stuck',
  UPSTREAM_UNAVAILABLE: 'upstream.unavailable',
  UPSTREAM_RECOVERED: 'upstream.recovered',
};
