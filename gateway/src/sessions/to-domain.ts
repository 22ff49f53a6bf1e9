import type { Account, SessionState, SessionStatus } from '@wawp-gateway/schema';
import { renderQrPngDataUrl } from '../lib/qr-png';
import type { WawpMe, WawpSession, WawpStatus } from '../wawp';

/**
 * Maps Wawp's status to the five the gateway exposes. Passkey statuses wait for the user like a
 * QR does; an unknown status is treated as transitional rather than crashing.
 */
export function toSessionStatus(status: WawpStatus): SessionStatus {
  switch (status) {
    case 'STOPPED':
    case 'STARTING':
    case 'SCAN_QR_CODE':
    case 'WORKING':
    case 'FAILED':
      return status;
    case 'PASSKEY_REQUIRED':
    case 'PASSKEY_CONFIRMATION_REQUIRED':
      return 'SCAN_QR_CODE';
    default:
      return 'STARTING';
  }
}

export function toAccount(me: WawpMe | null): Account | null {
  return me ? { id: me.id, pushName: me.pushName ?? null } : null;
}

export function toSessionState(instanceId: string, session: WawpSession, at: Date): SessionState {
  const status = toSessionStatus(session.status);
  return {
    instanceId,
    status,
    me: status === 'WORKING' ? toAccount(session.me) : null,
    observedAt: at,
    stale: false,
  };
}

/** Renders the QR value as a PNG data URL, the same way the phone will read it (off the event loop). */
export function renderQrDataUrl(value: string): Promise<string> {
  return renderQrPngDataUrl(value, { errorCorrectionLevel: 'L', margin: 2, width: 264 });
}
