import type { DisconnectReason, SessionStatus } from '@wawp-gateway/schema';
import type { EventDraft, Intent, KnownState, Observation } from '../types';

/** What `diff` needs besides the two states. */
export interface DiffContext {
  /** The gateway action in flight for this instance, if any. */
  intent?: Intent | null;
}

/**
 * The state after `next`: `me` only while WORKING (kept from `prev` when the source does not say),
 * the QR only while SCAN_QR_CODE (kept from `prev` until a fetch brings another).
 */
export function toKnownState(prev: KnownState | null, next: Observation): KnownState {
  const stays = (status: SessionStatus) => prev?.status === status && next.status === status;
  return {
    status: next.status,
    me:
      next.status === 'WORKING'
        ? (next.me ?? (stays('WORKING') ? (prev?.me ?? null) : null))
        : null,
    qrCode:
      next.status === 'SCAN_QR_CODE'
        ? next.qrCode !== undefined
          ? next.qrCode
          : stays('SCAN_QR_CODE')
            ? (prev?.qrCode ?? null)
            : null
        : null,
  };
}

/** Why the session lost its link, or `null` when the transition is not a disconnect. */
export function toDisconnectReason(
  from: SessionStatus | null,
  to: SessionStatus,
  intent: Intent | null,
): DisconnectReason | null {
  if (from === 'SCAN_QR_CODE' && to === 'FAILED') {
    return 'QR_EXPIRED';
  }
  if (from !== 'WORKING' || to === 'WORKING') {
    return null;
  }
  if (intent === 'logout') {
    return 'LOGGED_OUT';
  }
  if (to === 'FAILED') {
    return 'DEVICE_UNLINKED';
  }
  // The gateway stopped or restarted it on purpose: the status change says all there is.
  if (intent === 'stop' || intent === 'restart') {
    return null;
  }
  // Polls and webhooks carry `me` only while WORKING, so STOPPED/SCAN_QR_CODE always has it cleared.
  return to === 'STARTING' ? 'CONNECTION_LOST' : 'LOGGED_OUT';
}

/**
 * The events that take a subscriber from `prev` to `next`, in order: the status change, then what
 * it means (authenticated, disconnected), then a new QR. Observing the same state twice (a
 * webhook and a poll, or a burst of identical webhooks) yields nothing the second time.
 */
export function diff(
  prev: KnownState | null,
  next: Observation,
  ctx: DiffContext = {},
): EventDraft[] {
  const state = toKnownState(prev, next);
  const from = prev?.status ?? null;
  const drafts: EventDraft[] = [];
  if (from !== state.status) {
    drafts.push({ kind: 'SessionStatusChanged', status: state.status, previousStatus: from });
    const reason = toDisconnectReason(from, state.status, ctx.intent ?? null);
    if (reason) {
      drafts.push({ kind: 'SessionDisconnected', reason });
    }
  }
  const meChanged = from !== 'WORKING' || prev?.me?.id !== state.me?.id;
  if (state.me && meChanged) {
    drafts.push({ kind: 'SessionAuthenticated', me: state.me });
  }
  if (state.qrCode && state.qrCode.value !== prev?.qrCode?.value) {
    drafts.push({ kind: 'QrCodeUpdated', qrCode: state.qrCode });
  }
  return drafts;
}
