import type { Plugin } from 'graphql-yoga';
import { LIMITS } from '../../http/limits';
import { GATEWAY_ROUTES } from '../../http/routes';
import { readCappedBytes } from '../../lib/read-capped-bytes';
import type { DeliveryLog } from '../../store';
import type { EventsLogger } from '../types';
import { parseWebhook } from './parse-webhook';
import type { WebhookCredentials } from './webhook-credentials';
import { createWebhookProcessor, type WebhookProcessorOptions } from './webhook-processor';

/** The `instance_id` a delivery names (top level or in `metadata`), for finding its secret. */
const instanceIdOf = (body: unknown): string | null => {
  if (typeof body !== 'object' || body === null) {
    return null;
  }
  const record = body as { instance_id?: unknown; metadata?: { instance_id?: unknown } };
  const id = record.instance_id ?? record.metadata?.instance_id;
  return typeof id === 'string' && id.length > 0 ? id : null;
};

/** Options of {@link useWebhookIngest}. */
export interface WebhookIngestOptions {
  /** @default GATEWAY_ROUTES.webhooks // '/webhooks/wawp' */
  endpoint?: string;
  /** Tells deliveries from the gateway's hooks (signature, Wawp signature or token) from forgeries. */
  credentials: Pick<WebhookCredentials, 'accepts'>;
  hub: WebhookProcessorOptions['hub'];
  /** Told of every accepted delivery (the poll manager). */
  arrivals: WebhookProcessorOptions['arrivals'];
  deliveries: Pick<DeliveryLog, 'record' | 'markProcessed' | 'pending'>;
  sessions: WebhookProcessorOptions['sessions'];
  /**
   * The registered instance a delivery is about, from its `instance_id` (body, metadata, or the
   * `?instance=` of the URL the gateway registered) or its WAHA session name; `null` = not ours.
   */
  resolveInstance(ref: {
    instanceId: string | null;
    sessionName: string | null;
  }): Promise<string | null>;
  logger: EventsLogger;
  /** Counts a delivery whose own timestamp was out of bounds and ignored (for the metrics). */
  onTimestampDiscarded?: () => void;
  /** @default 262_144 // 256 KiB */
  maxBodyBytes?: number;
}

/**
 * `POST /webhooks/wawp`: Wawp's `session.status` deliveries. Status contract:
 * - 405 not POST, 415 not `application/json`, 413 body over the cap (before any HMAC work),
 *   401 bad signature or token (nothing is published), 400 not JSON;
 * - 200 `ignored` for other events and unknown instances, 200 `duplicate` for an event id
 *   already recorded (on any replica), 202 `accepted` once the delivery is durably recorded;
 * - 503 when it could not be recorded, so the sender retries.
 *
 * Accepted deliveries are processed after the answer, one at a time per instance, as hints:
 * stale ones are dropped and disconnect-looking ones are confirmed with `session/info` first.
 */
export function useWebhookIngest(options: WebhookIngestOptions): Plugin & {
  drained(): Promise<void>;
  replayPending(olderThanMs: number): Promise<number>;
} {
  const endpoint = options.endpoint ?? GATEWAY_ROUTES.webhooks;
  const maxBodyBytes = options.maxBodyBytes ?? LIMITS.webhookBodyBytes;
  const { hub, sessions, logger } = options;
  const processor = createWebhookProcessor({
    hub,
    arrivals: options.arrivals,
    sessions,
    logger,
    markProcessed: (eventId) => options.deliveries.markProcessed(eventId),
  });

  const toWork = async (body: unknown, instanceHint: string | null, receivedAt = Date.now()) => {
    const observation = parseWebhook(body, receivedAt);
    const instanceId = observation
      ? await options.resolveInstance({
          instanceId: observation.instanceId ?? instanceHint,
          sessionName: observation.sessionName,
        })
      : null;
    return observation && instanceId !== null ? { observation, instanceId } : null;
  };

  const authentic = (raw: Uint8Array, body: unknown, request: Request, url: URL) =>
    options.credentials.accepts({
      raw,
      instanceId: url.searchParams.get('instance') ?? instanceIdOf(body),
      wahaHmac: request.headers.get('x-webhook-hmac'),
      wawpSignature: request.headers.get('x-wawp-signature'),
      token: url.searchParams.get('token'),
    });

  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== endpoint) {
        return;
      }
      const reply = (status: number, body?: object, headers: Record<string, string> = {}) =>
        endResponse(
          body
            ? fetchAPI.Response.json(body, { status, headers })
            : new fetchAPI.Response(null, { status, headers }),
        );
      if (request.method !== 'POST') {
        return reply(405, undefined, { allow: 'POST' });
      }
      const type = request.headers.get('content-type') ?? '';
      if (!/^application\/json\s*(;|$)/i.test(type)) {
        return reply(415);
      }
      const raw = await readCappedBytes(request, maxBodyBytes);
      if (raw === null) {
        return reply(413);
      }
      // Parsed before the check only to find the instance a signature is for; nothing acts on
      // it before the check passes, and a body that is not JSON fails it as unsigned.
      let body: unknown;
      let json = true;
      try {
        body = JSON.parse(new TextDecoder().decode(raw));
      } catch {
        json = false;
      }
      if (!authentic(raw, body, request, url)) {
        logger.warn({ endpoint }, 'events: webhook with a bad signature or token refused');
        return reply(401);
      }
      if (!json) {
        return reply(400, { error: 'body is not JSON' });
      }
      const work = await toWork(body, url.searchParams.get('instance'));
      if (!work) {
        return reply(200, { status: 'ignored' });
      }
      const { observation, instanceId } = work;
      if (observation.timestampDiscarded) {
        logger.warn({ instanceId }, 'events: a webhook timestamp out of bounds was ignored');
        options.onTimestampDiscarded?.();
      }
      let first: boolean;
      try {
        first = await options.deliveries.record(observation.eventId, instanceId, body);
      } catch (error) {
        logger.error({ err: error, instanceId }, 'events: recording a webhook delivery failed');
        return reply(503, undefined, { 'retry-after': '2' });
      }
      if (!first) {
        return reply(200, { status: 'duplicate' });
      }
      // Acknowledged before processing: Wawp retries slow receivers, and the record dedupes them.
      processor.process(observation, instanceId);
      return reply(202, { status: 'accepted' });
    },
    /** Resolves when every accepted delivery has been processed (shutdown, tests). */
    drained: processor.drained,
    /**
     * Processes deliveries that were recorded (and acknowledged) but never marked processed —
     * the process died in between — received more than `olderThanMs` ago. Safe to run on every
     * replica: the hub publishes a transition once. Returns how many were replayed.
     */
    async replayPending(olderThanMs: number): Promise<number> {
      const pending = await options.deliveries.pending({ olderThanMs });
      for (const delivery of pending) {
        const work = await toWork(delivery.body, delivery.instanceId);
        if (work) {
          // the id it was recorded under: an id derived now (no `id` in the body) would differ
          processor.process({ ...work.observation, eventId: delivery.eventId }, work.instanceId);
        } else {
          await options.deliveries.markProcessed(delivery.eventId);
        }
      }
      await processor.drained();
      return pending.length;
    },
  };
}
