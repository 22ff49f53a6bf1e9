import { ErrorCode, hasErrorCode, type QrCode } from '@wawp-gateway/schema';
import type { EventHub } from '../hub';
import type { EventsLogger, EventsSessions } from '../types';

/** Options of {@link createQrRefresher}. */
export interface QrRefresherOptions {
  instanceId: string;
  sessions: Pick<EventsSessions, 'readQrCode' | 'forgetQrCode'>;
  hub: Pick<EventHub, 'observe'>;
  logger: EventsLogger;
  now: () => number;
  /** How long a QR that came without an expiry is shown before it is fetched again. @default 20_000 */
  rotationMs?: number;
}

/**
 * Keeps one instance's QR current while SCAN_QR_CODE: the sessions service serves the cached QR
 * until its expiry (or until a webhook announced a rotation), then fetches the next one, which
 * is ingested so subscribers get `QrCodeUpdated`.
 */
export function createQrRefresher(options: QrRefresherOptions) {
  const { instanceId, sessions, hub, logger, now } = options;
  let last: { value: string; at: number; expires: boolean } | null = null;

  return {
    /**
     * The current QR of a session just polled in SCAN_QR_CODE, or `null` when there is none
     * right now (rotating, or no longer scanning).
     */
    async refresh(): Promise<QrCode | null> {
      if (last && !last.expires && now() - last.at >= (options.rotationMs ?? 20_000)) {
        sessions.forgetQrCode(instanceId);
      }
      let qrCode: QrCode | null;
      try {
        qrCode = await sessions.readQrCode(instanceId);
      } catch (error) {
        // "Wawp is between two QR codes": normal while SCAN_QR_CODE, not a failure.
        if (hasErrorCode(error, ErrorCode.QrRefreshing, ErrorCode.SessionNotReady)) {
          logger.debug({ instanceId }, 'events: QR code is being refreshed');
          return null;
        }
        throw error;
      }
      if (qrCode && qrCode.value !== last?.value) {
        last = { value: qrCode.value, at: now(), expires: qrCode.expiresAt !== null };
        const observedAt = new Date(now());
        await hub.observe(
          { instanceId, status: 'SCAN_QR_CODE', onlyIfStatus: 'SCAN_QR_CODE', qrCode, observedAt },
          'POLL',
        );
      }
      return qrCode;
    },
  };
}
