import { ErrorCode, hasErrorCode } from '@wawp-gateway/schema';
import type { EventHub } from '../hub';
import { fromRead } from '../ingest';
import type { EventsLogger, EventsSessions } from '../types';
import type { WebhookObservation } from './parse-webhook';

/** @private What processing an accepted delivery needs. */
export interface WebhookProcessorOptions {
  hub: Pick<EventHub, 'observe'>;
  /** Told of every accepted delivery (the poll loop slows down while webhooks flow). */
  arrivals: { noteWebhook(instanceId: string): void };
  /** Marks a delivery processed once it has been (a crash before that replays it). */
  markProcessed(eventId: string): Promise<void>;
  sessions: Pick<EventsSessions, 'readSession' | 'readQrCode' | 'forgetQrCode' | 'remember'>;
  logger: EventsLogger;
}

/**
 * @private Processes accepted deliveries after the answer, as hints: the hub drops stale ones,
 * and disconnect-looking ones are confirmed with a `session/info` read, which this processor
 * reports to the hub like any read; every SCAN_QR_CODE delivery announces a new QR, which is
 * fetched at once. `drained` waits for the deliveries in flight.
 */
export function createWebhookProcessor(options: WebhookProcessorOptions) {
  const { hub, sessions, logger } = options;

  const confirm = async (instanceId: string) => {
    const read = await sessions.readSession(instanceId, 0);
    if (read.fresh) {
      void hub.observe(fromRead(read.state), 'POLL');
    }
    return read.state;
  };
  const inFlight = new Set<Promise<void>>();

  const refreshQr = async (instanceId: string) => {
    sessions.forgetQrCode(instanceId);
    const qrCode = await sessions.readQrCode(instanceId).catch((error: unknown) => {
      if (!hasErrorCode(error, ErrorCode.QrRefreshing, ErrorCode.SessionNotReady)) {
        logger.warn({ err: error, instanceId }, 'events: QR fetch after a webhook failed');
      }
      return null;
    });
    if (qrCode) {
      const status = 'SCAN_QR_CODE';
      const observedAt = new Date();
      await hub.observe(
        { instanceId, status, onlyIfStatus: status, qrCode, observedAt },
        'WEBHOOK',
      );
    }
  };

  const run = async (observation: WebhookObservation, instanceId: string) => {
    options.arrivals.noteWebhook(instanceId);
    const { status, me, upstreamTs } = observation;
    // received now, on the gateway's clock (reads sent before it are older; see `orderOf`)
    const observedAt = new Date();
    const observed = { instanceId, status, me, observedAt, upstreamTs };
    const { accepted } = await hub.observe(observed, 'WEBHOOK', {
      confirm: () => confirm(instanceId),
    });
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
