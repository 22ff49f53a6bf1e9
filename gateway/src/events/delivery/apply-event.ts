import type { QrCode, SessionEvent, SessionState } from '@wawp-gateway/schema';

/** An instance's state as its events describe it: what a `SessionSnapshot` carries. */
export interface MaterialisedState {
  session: SessionState;
  qrCode: QrCode | null;
}

/**
 * Applies one event to an instance's state. Applying an already reflected event is harmless as
 * long as the events after it are applied too, so a stored state can be brought forward by
 * replaying a suffix of the log that overlaps it.
 */
export function applyEvent(state: MaterialisedState, event: SessionEvent): MaterialisedState {
  const at = { observedAt: event.occurredAt };
  switch (event.kind) {
    case 'SessionSnapshot':
      return { session: event.session, qrCode: event.qrCode };
    case 'SessionStatusChanged':
      return {
        session: {
          ...state.session,
          ...at,
          status: event.status,
          me: event.status === 'WORKING' ? state.session.me : null,
          stale: false,
        },
        qrCode: event.status === 'SCAN_QR_CODE' ? state.qrCode : null,
      };
    case 'SessionAuthenticated':
      return { ...state, session: { ...state.session, ...at, me: event.me } };
    case 'QrCodeUpdated':
      return { ...state, session: { ...state.session, ...at }, qrCode: event.qrCode };
    case 'UpstreamHealthChanged':
      return { ...state, session: { ...state.session, stale: !event.healthy } };
    case 'SessionDisconnected':
      return state;
  }
}
