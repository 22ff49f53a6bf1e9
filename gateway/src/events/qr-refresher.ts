import type { QrCode } from '@wawp-gateway/schema';
import type { EventHub } from './hub';
import { codeOf } from './poll-schedule';
import type { EventsLogger } from './types';

/** Options of {@link createQrRefresher}. */
export interface QrRefresherOptions {
  instanceId: string;
  sessions: {
    fetchQrCode(instanceId: string): Promise<QrCode | null>;
    forgetQrCode(instanceId: string): void;
  };
  hub: Pick<EventHub, 'ingest'>;
  logger: EventsLogger;
  now: () => number;
  /** How long a QR that came without an expiry is shown before it is fetched again. @default 20_000 */
  rotationMs?: number;
}

/** Errors that mean "Wawp is between two QR codes": normal while SCAN_QR_CODE, not a failure. */
const REFRESHING = new Set(['QR_REFRESHING', 'SESSION_NOT_READY']);

/**
 * Keeps one instance's QR current while SCAN_QR_CODE: the sessions service serves the cached QR
 * until its expiry (or until a webhook announced a rotation), then fetches the next one, which
 * is ingested so subscribers get `QrCodeUpdated`.
 */
export function createQrRefresher(options: QrRefresherOptions) {
  const { instanceId, sessions, hub, logger, now } = options;
  let last: { value: string; at: number; expires: boolean } | null = null;

  return {
    /** The current QR, or `null` when there is none right now (rotating, or no longer scanning). */
    async refresh(): Promise<QrCode | null> {
      if (last && !last.expires && now() - last.at >= (options.rotationMs ?? 20_000)) {
        sessions.forgetQrCode(instanceId);
      }
      let qrCode: QrCode | null;
      try {
        qrCode = await sessions.fetchQrCode(instanceId);
      } catch (error) {
        if (REFRESHING.has(codeOf(error) ?? '')) {
          logger.debug({ instanceId }, 'events: QR code is being refreshed');
          return null;
        }
        throw error;
      }
      if (qrCode && qrCode.value !== last?.value) {
        last = { value: qrCode.value, at: now(), expires: qrCode.expiresAt !== null };
        const observedAt = new Date(now());
        await hub.ingest(
          { instanceId, status: 'SCAN_QR_CODE', onlyIfStatus: 'SCAN_QR_CODE', qrCode, observedAt },
          'POLL',
        );
      }
      return qrCode;
    },
  };
}
