import type { WebhookConfig, WebhookRetries } from './types';

/** Wawp's default retry policy of a webhook (see https://api.wawp.net/en/docs/v2/webhook/set). */
export const DEFAULT_RETRIES: Readonly<WebhookRetries> = { delay: 2, attempts: 15 };

/**
 * A webhook as `/v2/session/webhook` and `session/info` show it: `{url, events, is_active}`,
 * without the `hmac` and `retries` that only the per-URL routes expose.
 */
export const toListedWebhook = (hook: WebhookConfig) => ({
  url: hook.url,
  events: [...hook.events],
  is_active: hook.is_active,
});

/** A webhook as `/v2/webhook/set` and `/v2/webhook/update` answer it: everything, `hmac` included. */
export const toStoredWebhook = (hook: WebhookConfig) => ({
  ...toListedWebhook(hook),
  retries: { ...(hook.retries ?? DEFAULT_RETRIES) },
  hmac: hook.hmac ?? null,
  name: hook.name ?? null,
});
