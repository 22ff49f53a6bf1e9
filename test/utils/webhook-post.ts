import { randomBytes } from 'node:crypto';
// The simulator's own signer: the gateway must accept exactly what the sender computes.
import { signWebhookBody } from '../../gateway/src/simulator/webhook-envelope';

/** What a forged or replayed `session.status` delivery says. */
export interface EnvelopeInput {
  instanceId: string;
  /** A Wawp status: STOPPED, STARTING, SCAN_QR_CODE, WORKING, FAILED. */
  status: string;
  /** Unix ms when Wawp emitted it. @default Date.now() */
  timestamp?: number;
  /** The envelope id (the dedupe key). @default a fresh `evt_…` */
  id?: string;
  me?: { id: string; pushName?: string } | null;
}

/** A `session.status` body in the WAHA envelope the simulator (and Wawp) send. */
export function sessionStatusEnvelope(input: EnvelopeInput) {
  const timestamp = input.timestamp ?? Date.now();
  return {
    id: input.id ?? `evt_${randomBytes(10).toString('hex')}`,
    timestamp,
    event: 'session.status',
    session: `wawp-${input.instanceId}`,
    metadata: { instance_id: input.instanceId, user_id: 'sim-user-1' },
    me: input.me ?? null,
    payload: {
      name: `wawp-${input.instanceId}`,
      status: input.status,
      statuses: [{ status: input.status, timestamp }],
      data: null,
    },
    engine: 'NOWEB',
    instance_id: input.instanceId,
  };
}

/** How a delivery authenticates: the URL token, an HMAC key, or a literal header value. */
export interface DeliveryAuth {
  token?: string;
  hmacKey?: string;
  /** Sent as `X-Webhook-Hmac` as is (a wrong signature). */
  hmacHeader?: string;
}

/** POSTs `body` (an object, or raw text sent byte for byte) to `<gatewayUrl>/webhooks/wawp`. */
export async function postWebhook(
  gatewayUrl: string,
  body: object | string,
  auth: DeliveryAuth = {},
): Promise<{ status: number; body: unknown }> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const url = new URL('/webhooks/wawp', gatewayUrl);
  if (auth.token !== undefined) {
    url.searchParams.set('token', auth.token);
  }
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'x-webhook-request-id': `req_${randomBytes(8).toString('hex')}`,
  };
  if (auth.hmacKey !== undefined) {
    headers['x-webhook-hmac'] = signWebhookBody(raw, auth.hmacKey);
    headers['x-webhook-hmac-algorithm'] = 'sha512';
  }
  if (auth.hmacHeader !== undefined) {
    headers['x-webhook-hmac'] = auth.hmacHeader;
  }
  const response = await fetch(url, { method: 'POST', headers, body: raw });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}
