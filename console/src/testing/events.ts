import type { SessionStatus } from '../gql/graphql';
import type { SessionEventData } from '../lib/sessionState';

const base = (cursor: string, instanceId = 'abc') => ({
  cursor,
  instanceId,
  occurredAt: new Date(
    Date.UTC(2026, 10, 24, 12, 0, Number(cursor.replace(/\D/g, '')) || 0),
  ).toISOString(),
  source: 'POLL' as const,
});

/** `SessionEvent` fixtures shaped like the `InstanceEvents` subscription's results. */
export const events = {
  snapshot: (
    cursor: string,
    status: SessionStatus,
    more: { qr?: string; resumed?: boolean } = {},
  ) =>
    ({
      __typename: 'SessionSnapshot',
      ...base(cursor),
      resumed: more.resumed ?? false,
      session: { status, observedAt: base(cursor).occurredAt, stale: false, me: null },
      qrCode: more.qr ? qrCode(more.qr) : null,
    }) satisfies SessionEventData,
  status: (cursor: string, status: SessionStatus, previousStatus: SessionStatus | null = null) =>
    ({
      __typename: 'SessionStatusChanged',
      ...base(cursor),
      status,
      previousStatus,
    }) satisfies SessionEventData,
  qr: (cursor: string, value: string, expiresAt = inAMinute()) =>
    ({
      __typename: 'QrCodeUpdated',
      ...base(cursor),
      newQrCode: qrCode(value, expiresAt),
    }) satisfies SessionEventData,
  authenticated: (cursor: string, pushName: string) =>
    ({
      __typename: 'SessionAuthenticated',
      ...base(cursor),
      me: { id: '201145202826@c.us', pushName },
    }) satisfies SessionEventData,
  disconnected: (cursor: string, reason: 'LOGGED_OUT' | 'QR_EXPIRED') =>
    ({ __typename: 'SessionDisconnected', ...base(cursor), reason }) satisfies SessionEventData,
  health: (cursor: string, healthy: boolean) =>
    ({
      __typename: 'UpstreamHealthChanged',
      ...base(cursor),
      healthy,
      detail: healthy ? null : 'timeout',
    }) satisfies SessionEventData,
};

const inAMinute = () => new Date(Date.now() + 60_000).toISOString();

/** A `QrCode` whose image encodes `value`; it expires a minute from now unless told otherwise. */
export function qrCode(value: string, expiresAt: string | null = inAMinute()) {
  return {
    __typename: 'QrCode' as const,
    value,
    expiresAt,
    imageDataUrl: `data:image/png;base64,${btoa(value)}`,
  };
}
