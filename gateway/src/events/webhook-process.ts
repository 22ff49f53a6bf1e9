import type { QrCode, SessionState } from '@wawp-gateway/schema';
import type { EventHub } from './hub';
import type { WebhookObservation } from './parse-webhook';
import { codeOf } from './poll-schedule';
import type { EventsLogger } from './types';

/** @private What processing an accepted delivery needs. */
export interface WebhookProcessOptions {
  hub: Pick<EventHub, 'ingest' | 'noteWebhook'>;
  /** Marks a delivery processed once it has been (a crash before that replays it). */
  markProcessed(eventId: string): Promise<void>;
  sessions: {
    remember(state: SessionState): void;
    forgetQrCode(instanceId: string): void;
    fetchQrCode(instanceId: string): Promise<QrCode | null>;
  };
  logger: EventsLogger;
}

/**
 * @private Processes accepted deliveries after the answer, as hints: the hub drops stale ones and
 * confirms disconnect-looking ones with `session/info`; every SCAN_QR_CODE delivery announces a
 * new QR, which is fetched at once. `drained` waits for the deliveries in flight.
 */
export function createWebhookProcessor(options: WebhookProcessOptions) {
  const { hub, sessions, logger } = options;
  const inFlight = new Set<Promise<void>>();

  const refreshQr = async (instanceId: string) => {
    sessions.forgetQrCode(instanceId);
    const qrCode = await sessions.fetchQrCode(instanceId).catch((error: unknown) => {
      const code = codeOf(error);
      if (code !== 'QR_REFRESHING' && code !== 'SESSION_NOT_READY') {
        logger.warn({ err: error, instanceId }, 'events: QR fetch after a webhook failed');
      }
      return null;
    });
    if (qrCode) {
      const status = 'SCAN_QR_CODE';
      const observedAt = new Date();
      await hub.ingest({ instanceId, status, onlyIfStatus: status, qrCode, observedAt }, 'WEBHOOK');
    }
  };

  const run = async (observation: WebhookObservation, instanceId: string) => {
    hub.noteWebhook(instanceId);
    const { status, me, upstreamTs } = observation;
    // received now, on the gateway's clock (reads sent before it are older; see `isStale`)
    const observedAt = new Date();
    const observed = { instanceId, status, me, observedAt, upstreamTs };
    const { accepted } = await hub.ingest(observed, 'WEBHOOK', { confirm: true });
    if (!accepted) {
      return;
    }
    // Reads within the poll floor now see what this delivery announced (the QR read checks the
    // status first, too).
    const account = status === 'WORKING' ? (me ?? null) : null;
    sessions.remember({ instanceId, status, me: account, observedAt, stale: false });
    if (status === 'SCAN_QR_CODE') {
      await refreshQr(instanceId);
    }
  };

  return {
    process(observation: WebhookObservation, instanceId: string): void {
      const task = run(observation, instanceId)
        .then(() => options.markProcessed(observation.eventId))
        .catch((error: unknown) => {
          logger.error({ err: error, instanceId }, 'events: processing a webhook failed');
        })
        .finally(() => inFlight.delete(task));
      inFlight.add(task);
    },
    async drained(): Promise<void> {
      while (inFlight.size > 0) {
        await Promise.all(inFlight);
      }
    },
  };
}
