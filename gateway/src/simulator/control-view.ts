import { toDisplayCode } from './ids';
import { redactUrl } from './redact-url';
import { visibleMe } from './session-dto';
import type { Instance, WebhookConfig } from './types';
import { toStoredWebhook } from './webhook-view';

/**
 * A webhook as the control surface shows it: never the receiver's credential, so neither the
 * `hmac` secret nor a `token=`-like query value of its URL.
 */
const toControlWebhook = (hook: WebhookConfig) => ({
  ...toStoredWebhook(hook),
  url: redactUrl(hook.url),
  hmac: hook.hmac ? '[redacted]' : null,
});

/** One instance as `GET /_sim/instances` and the phone-side actions show it. */
export const toControlView = (instance: Instance) => ({
  instance_id: instance.id,
  name: instance.sessionName,
  server_name: instance.serverName,
  status: instance.status,
  statuses: instance.statuses.map((entry) => ({ ...entry })),
  me: visibleMe(instance),
  /** Stored credentials exist: a start goes straight to WORKING. */
  linked: instance.auth !== null,
  qr: instance.qr
    ? { value: instance.qr.value, index: instance.qr.index, expires_at: instance.qr.expiresAt }
    : null,
  pairing: instance.pairing
    ? { code: toDisplayCode(instance.pairing.code), phone: instance.pairing.phone }
    : null,
  webhooks: instance.webhooks.map(toControlWebhook),
});
