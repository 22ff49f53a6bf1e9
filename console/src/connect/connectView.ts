import type { ConnectEventsSubscription, ConnectQrCodeQuery, SessionStatus } from '../gql/graphql';

export type ConnectEvent = ConnectEventsSubscription['sessionEvents'];
/** A QR as both the stream and the `qrCode` query give it (`QrCountdown` reads the rest). */
export type ConnectQr = NonNullable<ConnectQrCodeQuery['qrCode']>;

/** What the connect flow knows of the instance, folded from its events. */
export interface ConnectView {
  /** `null` until the first snapshot. */
  status: SessionStatus | null;
  pushName: string | null;
  qrCode: ConnectQr | null;
}

export const EMPTY_CONNECT_VIEW: ConnectView = { status: null, pushName: null, qrCode: null };

function withStatus(view: ConnectView, status: SessionStatus): ConnectView {
  return {
    status,
    pushName: status === 'WORKING' ? view.pushName : null,
    qrCode: status === 'SCAN_QR_CODE' ? view.qrCode : null,
  };
}

/**
 * Applies one event (pure). Every event sets state rather than adding to it, so a replayed event
 * changes nothing.
 */
export function applyConnectEvent(view: ConnectView, event: ConnectEvent): ConnectView {
  switch (event.__typename) {
    case 'SessionSnapshot':
      return {
        ...withStatus(view, event.session.status),
        pushName: event.session.me?.pushName ?? null,
        qrCode: event.session.status === 'SCAN_QR_CODE' ? (event.qrCode ?? null) : null,
      };
    case 'SessionStatusChanged':
      return withStatus(view, event.status);
    case 'QrCodeUpdated':
      return { ...withStatus(view, 'SCAN_QR_CODE'), qrCode: event.newQrCode };
    case 'SessionAuthenticated':
      return { ...view, pushName: event.me.pushName ?? view.pushName };
    case 'SessionDisconnected':
      return { ...view, pushName: null };
    default:
      return view;
  }
}

/** True when the view's QR is missing or past its `expiresAt` at `now`. */
export function qrIsStale(qr: ConnectQr | null, now: number): boolean {
  if (!qr) {
    return true;
  }
  return qr.expiresAt !== null && Date.parse(qr.expiresAt) <= now;
}
