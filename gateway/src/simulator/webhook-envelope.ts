import { createHmac } from 'node:crypto';
import { makeEventId } from './ids';
import { type Instance, type Me, SessionStatus, type StatusEntry } from './types';

/** The WAHA version and engine the simulator claims to run. */
export const WAHA_VERSION = '2026.7.1';
export const ENGINE = 'NOWEB';

/** A `session.status` webhook body: the WAHA envelope plus a top-level `instance_id` (see https://api.wawp.net/en/docs/session.status). */
export interface SessionStatusEvent {
  id: string;
  timestamp: number;
  event: 'session.status';
  session: string;
  /** `{instance_id, user_id}`; never the access token. */
  metadata: { instance_id: string; user_id: string };
  me: Me | null;
  payload: { name: string; status: string; statuses: StatusEntry[]; data: null };
  engine: string;
  environment: {
    version: string;
    engine: string;
    tier: string;
    browser: null;
    platform: string;
    worker: { id: null };
  };
  instance_id: string;
}

/** Snapshots `instance` into a new event with a fresh `evt_` id. */
export function makeSessionStatusEvent(instance: Instance, userId: string): SessionStatusEvent {
  return {
    id: makeEventId(),
    timestamp: Date.now(),
    event: 'session.status',
    session: instance.sessionName,
    metadata: { instance_id: instance.id, user_id: userId },
    me: instance.status === SessionStatus.Working ? instance.auth : null,
    payload: {
      name: instance.sessionName,
      status: instance.status,
      statuses: instance.statuses.map((entry) => ({ ...entry })),
      data: null,
    },
    engine: ENGINE,
    environment: {
      version: WAHA_VERSION,
      engine: ENGINE,
      tier: 'PLUS',
      browser: null,
      platform: 'linux/x64',
      worker: { id: null },
    },
    instance_id: instance.id,
  };
}

/**
 * WAHA's webhook signature: hex HMAC-SHA512 of the raw body bytes, keyed by `key`.
 * @see https://waha.devlike.pro/docs/how-to/events/ (HMAC authentication)
 */
export const signWebhookBody = (body: string, key: string) =>
  createHmac('sha512', key).update(body).digest('hex');

/**
 * The headers of one delivery attempt; `requestId` is new for every attempt. `hmacKey` (the
 * simulator-wide key) adds WAHA's `X-Webhook-Hmac`; `signature` (the webhook's own `hmac`) is sent
 * as it is in `X-Wawp-Signature`, which Wawp describes as "a secret string added to the header"
 * (https://api.wawp.net/en/docs/v2/webhook/set).
 */
export function makeWebhookHeaders(
  body: string,
  attempt: {
    requestId: string;
    timestamp: number;
    hmacKey?: string | undefined;
    signature?: string | undefined;
  },
): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'User-Agent': `WAHA/${WAHA_VERSION}`,
    'X-Webhook-Request-Id': attempt.requestId,
    'X-Webhook-Timestamp': String(attempt.timestamp),
  };
  if (attempt.hmacKey) {
    headers['X-Webhook-Hmac'] = signWebhookBody(body, attempt.hmacKey);
    headers['X-Webhook-Hmac-Algorithm'] = 'sha512';
  }
  if (attempt.signature) {
    headers['X-Wawp-Signature'] = attempt.signature;
  }
  return headers;
}
