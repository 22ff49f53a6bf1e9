import { decodeWebhook, isRecord, type Json, optionalString } from './decode';
import type { WawpStoredWebhook, WawpWebhookRetries } from './types';

const finite = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

// `{delay, attempts}` as Wawp documents it; WAHA's `delaySeconds` is read too.
function decodeRetries(value: unknown): WawpWebhookRetries | null {
  if (!isRecord(value)) {
    return null;
  }
  const delay = finite(value.delay) ?? finite(value.delaySeconds);
  const attempts = finite(value.attempts);
  return delay === null || attempts === null ? null : { delay, attempts };
}

// A string secret, or WAHA's `{key}` object; absent means the answer did not say.
function decodeHasHmac(o: Json): boolean | null {
  if (!('hmac' in o)) {
    return null;
  }
  const hmac = o.hmac;
  return isRecord(hmac) ? optionalString(hmac.key) !== null : optionalString(hmac) !== null;
}

/** The webhook object in a per-URL answer: the body itself, `webhook`, `data`, or `webhooks[]` by `url`. */
function findWebhook(body: unknown, url: string): Json | null {
  if (!isRecord(body)) {
    return null;
  }
  if (typeof body.url === 'string') {
    return body;
  }
  for (const key of ['webhook', 'data']) {
    const inner = body[key];
    if (isRecord(inner) && typeof inner.url === 'string') {
      return inner;
    }
  }
  if (Array.isArray(body.webhooks)) {
    const match = body.webhooks.find((hook) => isRecord(hook) && hook.url === url);
    return isRecord(match) ? match : null;
  }
  return null;
}

/**
 * Decodes the answer of `webhook/set` or `webhook/update` (Wawp does not document it): the webhook
 * `{url, events, is_active, retries?, hmac?, name?}`, at the top level or under `webhook`, `data`
 * or `webhooks[]`. `null` when the body carries none, so the caller can re-read the list.
 * `url` is the webhook the call addressed.
 */
export function decodeStoredWebhook(body: unknown, url: string): WawpStoredWebhook | null {
  const o = findWebhook(body, url);
  const hook = decodeWebhook(o);
  if (o === null || hook === null) {
    return null;
  }
  const retries = decodeRetries(o.retries);
  const hasHmac = decodeHasHmac(o);
  const name = optionalString(o.name);
  return {
    ...hook,
    ...(retries === null ? {} : { retries }),
    ...(hasHmac === null ? {} : { hasHmac }),
    ...(name === null ? {} : { name }),
  };
}
