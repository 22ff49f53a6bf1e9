import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import type { Logger } from '../logging/logger';
import type { Store } from '../store';
import type { ClaimedDelivery } from '../store/notification-deliveries';
import type { SigningEndpoint } from '../store/notification-endpoints';
import { RETRY, retryDelayMs } from './retry-schedule';
import { type SafePostOptions, type SafePostResult, safePost } from './safe-post';

/** Makes the connect link a `session.needs_link` carries (the connect-links feature). */
export type MakeConnectLink = (input: {
  instanceId: string;
  tenantId: string;
  ttlMinutes: number;
}) => Promise<{ url: string; expiresAt: Date }>;

/** Options of {@link createSender}. */
export interface SenderOptions {
  store: Pick<Store, 'notifications'>;
  makeConnectLink: MakeConnectLink;
  /** Who may be POSTed to (https only unless allowed; see `safe-post.ts`). */
  policy: SafePostOptions;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Deliveries attempted at once. @default 8 */
  parallel?: number;
  /** The first retry's wait (tests shorten it). @default RETRY.firstMs // 5 s */
  firstRetryMs?: number;
  /** Told of each attempt's outcome (the metrics). */
  onAttempt?: (delivery: ClaimedDelivery, outcome: 'delivered' | 'retrying' | 'failed') => void;
}

/** Every secret's Standard Webhooks signature, space-separated (receivers accept any one). */
export function signatures(secrets: readonly string[], id: string, at: Date, body: string) {
  return secrets.map((secret) => new Webhook(secret).sign(id, at, body)).join(' ');
}

const describe = (result: SafePostResult) =>
  result.kind === 'response' ? `HTTP ${result.status}` : result.reason;

/**
 * Delivers due notifications, each claimed by one replica at a time, in order per endpoint and
 * instance: signed per Standard Webhooks (the same `webhook-id` on every attempt), POSTed through
 * {@link safePost}, retried with backoff and jitter for 24 h on anything but a 2xx; `410 Gone`
 * disables the endpoint, as does failing for 3 days.
 */
export function createSender(options: SenderOptions) {
  const { deliveries, endpoints } = options.store.notifications;
  const owner = randomUUID();
  const parallel = options.parallel ?? 8;
  /** When the retries this replica scheduled fall due (ms), so its loop wakes for them. */
  const retriesDue = new Set<number>();

  /** Adds the connect link a `session.needs_link` carries, once: retries send the same one. */
  const withConnectLink = async (delivery: ClaimedDelivery, endpoint: SigningEndpoint) => {
    const data = delivery.payload.data as Record<string, unknown> | undefined;
    if (
      delivery.kind !== 'SESSION_NEEDS_LINK' ||
      !endpoint.includeConnectLink ||
      !data ||
      data.connectLink ||
      !delivery.instanceId
    ) {
      return delivery.payload;
    }
    const link = await options.makeConnectLink({
      instanceId: delivery.instanceId,
      tenantId: endpoint.tenantId,
      ttlMinutes: endpoint.connectLinkTtlMinutes,
    });
    const payload = {
      ...delivery.payload,
      data: { ...data, connectLink: { url: link.url, expiresAt: link.expiresAt.toISOString() } },
    };
    await deliveries.setPayload(delivery.id, payload);
    return payload;
  };

  const disable = async (endpoint: SigningEndpoint, reason: string) => {
    await endpoints.setEnabled(endpoint.id, false, reason);
    await deliveries.failOpen(endpoint.id, `endpoint disabled: ${reason}`);
    options.logger.warn({ endpointId: endpoint.id, reason }, 'notifications: endpoint disabled');
  };

  const attempt = async (delivery: ClaimedDelivery) => {
    const endpoint = await endpoints.forSigning(delivery.endpointId);
    if (!endpoint?.enabled) {
      await deliveries.record(delivery.id, {
        status: 'FAILED',
        responseStatus: null,
        error: 'the endpoint is disabled',
        nextAttemptAt: null,
      });
      return;
    }
    const payload = await withConnectLink(delivery, endpoint);
    const body = JSON.stringify(payload);
    const at = new Date();
    const result = await safePost(
      endpoint.url,
      body,
      {
        'content-type': 'application/json',
        'webhook-id': delivery.id,
        'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
        'webhook-signature': signatures(endpoint.secrets, delivery.id, at, body),
      },
      options.policy,
    );
    const responseStatus = result.kind === 'response' ? result.status : null;
    if (responseStatus !== null && responseStatus >= 200 && responseStatus < 300) {
      await endpoints.noteOutcome(endpoint.id, true);
      await deliveries.record(delivery.id, {
        status: 'DELIVERED',
        responseStatus,
        error: null,
        nextAttemptAt: null,
      });
      options.onAttempt?.(delivery, 'delivered');
      return;
    }
    const failingSince = await endpoints.noteOutcome(endpoint.id, false);
    const gone = responseStatus === 410;
    const failingTooLong =
      failingSince !== null && Date.now() - failingSince.getTime() >= RETRY.disableAfterMs;
    const tooOld = Date.now() - delivery.queuedAt.getTime() >= RETRY.giveUpAfterMs;
    const final = gone || failingTooLong || tooOld;
    const error = describe(result);
    const retryAt = final
      ? null
      : Date.now() + retryDelayMs(delivery.attempts + 1, options.firstRetryMs);
    await deliveries.record(delivery.id, {
      status: final ? 'FAILED' : 'RETRYING',
      responseStatus,
      error: tooOld && !gone ? `${error}; given up after 24 h` : error,
      nextAttemptAt: retryAt === null ? null : new Date(retryAt),
    });
    if (retryAt !== null) {
      retriesDue.add(retryAt);
    }
    if (gone) {
      await disable(endpoint, 'it answered 410 Gone');
    } else if (failingTooLong) {
      await disable(endpoint, 'it has failed for 3 days');
    }
    options.onAttempt?.(delivery, final ? 'failed' : 'retrying');
  };

  return {
    /** Attempts every due delivery it can claim; resolves how many it attempted. */
    async run(): Promise<number> {
      const claimed = await deliveries.claimDue(owner, parallel);
      await Promise.all(
        claimed.map((delivery) =>
          attempt(delivery).catch((error: unknown) => {
            options.logger.error(
              { err: error, deliveryId: delivery.id },
              'notifications: attempt failed',
            );
          }),
        ),
      );
      return claimed.length;
    },
    /** The earliest retry this replica scheduled that is still ahead, if any (ms). */
    nextRetryAt(): number | null {
      const now = Date.now();
      let next: number | null = null;
      for (const at of retriesDue) {
        if (at <= now) {
          retriesDue.delete(at);
        } else if (next === null || at < next) {
          next = at;
        }
      }
      return next;
    },
  };
}

export type Sender = ReturnType<typeof createSender>;
