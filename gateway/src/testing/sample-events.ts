import type { NewSessionEvent } from '../store';

const at = new Date('2026-01-02T03:04:05.678Z');

/** @private A `SessionStatusChanged` for `instanceId`. */
export function makeStatusChanged(instanceId: string, occurredAt = at): NewSessionEvent {
  return {
    kind: 'SessionStatusChanged',
    instanceId,
    occurredAt,
    source: 'POLL',
    status: 'STARTING',
    previousStatus: 'STOPPED',
  };
}

/** @private One event of every kind, with every Date-bearing field set. */
export function makeEventOfEachKind(instanceId: string): NewSessionEvent[] {
  const qrCode = {
    value: '2@abc',
    imageDataUrl: 'data:image/png;base64,AAAA',
    expiresAt: new Date('2026-01-02T03:05:05.000Z'),
  };
  const base = { instanceId, occurredAt: at } as const;
  return [
    {
      ...base,
      kind: 'SessionSnapshot',
      source: 'GATEWAY',
      session: {
        instanceId,
        status: 'SCAN_QR_CODE',
        me: null,
        observedAt: new Date('2026-01-02T03:04:00.001Z'),
        stale: false,
      },
      qrCode,
      resumed: true,
    },
    {
      ...base,
      kind: 'SessionSnapshot',
      source: 'POLL',
      session: {
        instanceId,
        status: 'WORKING',
        me: { id: '201012345678@c.us', pushName: '2026-01-02T03:04:05.678Z' },
        observedAt: at,
        stale: true,
      },
      qrCode: null,
      resumed: false,
    },
    {
      ...base,
      kind: 'SessionStatusChanged',
      source: 'WEBHOOK',
      status: 'WORKING',
      previousStatus: null,
    },
    { ...base, kind: 'QrCodeUpdated', source: 'POLL', qrCode },
    { ...base, kind: 'QrCodeUpdated', source: 'POLL', qrCode: { ...qrCode, expiresAt: null } },
    {
      ...base,
      kind: 'SessionAuthenticated',
      source: 'WEBHOOK',
      me: { id: '1@c.us', pushName: null },
    },
    { ...base, kind: 'SessionDisconnected', source: 'WEBHOOK', reason: 'DEVICE_UNLINKED' },
    {
      ...base,
      kind: 'UpstreamHealthChanged',
      source: 'GATEWAY',
      healthy: false,
      detail: 'timeout',
    },
  ];
}
