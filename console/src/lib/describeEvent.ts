import type { DisconnectReason } from '../gql/graphql';

/** The fields of any `SessionEvent` that the timeline summarises. */
export type DescribableEvent =
  | { __typename: 'SessionSnapshot'; resumed: boolean; session: { status: string } }
  | { __typename: 'SessionStatusChanged'; status: string; previousStatus?: string | null }
  | { __typename: 'QrCodeUpdated'; newQrCode: { expiresAt?: string | null } }
  | { __typename: 'SessionAuthenticated'; me: { id: string; pushName?: string | null } }
  | { __typename: 'SessionDisconnected'; reason: DisconnectReason }
  | { __typename: 'UpstreamHealthChanged'; healthy: boolean; detail?: string | null };

export const DISCONNECT_REASONS: Record<DisconnectReason, string> = {
  LOGGED_OUT: 'Logged out',
  DEVICE_UNLINKED: 'The phone unlinked this device',
  CONNECTION_LOST: 'Connection to WhatsApp lost',
  QR_EXPIRED: 'The QR code expired before it was scanned',
  UNKNOWN: 'Disconnected for an unknown reason',
};

const clock = (iso: string) => new Date(iso).toLocaleTimeString();

/** A short kind and a one-line detail for the timeline. `resuming`: a cursor was sent. */
export function describeEvent(
  event: DescribableEvent,
  resuming: boolean,
): { kind: string; detail: string } {
  switch (event.__typename) {
    case 'SessionSnapshot':
      return {
        kind: 'Snapshot',
        detail:
          resuming && !event.resumed
            ? `${event.session.status} (resynced: older events were no longer kept)`
            : event.session.status,
      };
    case 'SessionStatusChanged':
      return { kind: 'Status', detail: `${event.previousStatus ?? '?'} → ${event.status}` };
    case 'QrCodeUpdated':
      return {
        kind: 'QR code',
        detail: event.newQrCode.expiresAt
          ? `New code, valid until ${clock(event.newQrCode.expiresAt)}`
          : 'New code',
      };
    case 'SessionAuthenticated':
      return { kind: 'Authenticated', detail: `as ${event.me.pushName ?? event.me.id}` };
    case 'SessionDisconnected':
      return { kind: 'Disconnected', detail: DISCONNECT_REASONS[event.reason] };
    case 'UpstreamHealthChanged':
      return {
        kind: 'Wawp health',
        detail: event.healthy
          ? 'Reachable again'
          : `Unreachable${event.detail ? `: ${event.detail}` : ''}`,
      };
  }
}
