import { z } from 'zod';
import { invalidParameter, missingParameter } from './errors';
import type { InstanceHandler } from './route-types';
import type { Instance, WebhookConfig } from './types';
import { toListedWebhook } from './webhook-view';

/** Wawp's own internal webhook (inbox sync, push); shown by GET, never delivered to. */
export const SYSTEM_CONFIG = {
  url: 'https://app.wawp.net/api/internal/webhook',
  events: ['message', 'message.ack', 'session.status'],
  is_active: true,
};

const webhookSchema = z.object({
  url: z.url({ protocol: /^https?$/ }),
  events: z.array(z.string().min(1)).default(['*']),
  is_active: z
    .union([z.boolean(), z.literal(0), z.literal(1), z.enum(['0', '1', 'true', 'false'])])
    .default(true)
    .transform((value) => value === true || value === 1 || value === '1' || value === 'true'),
});
const webhooksSchema = z.array(webhookSchema);

/** Accepts the array itself or its JSON text (form bodies and the query carry it as text). */
function toWebhooks(raw: unknown): WebhookConfig[] {
  let value = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw invalidParameter('webhooks', 'must be a JSON array of {url, events, is_active}');
    }
  }
  const parsed = webhooksSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidParameter(
      'webhooks',
      `is invalid at ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'bad value'}`,
    );
  }
  return parsed.data;
}

const view = (instance: Instance) => ({
  webhooks: instance.webhooks.map(toListedWebhook),
  systemConfig: SYSTEM_CONFIG,
});

/**
 * `/v2/session/webhook`: GET reads the list, POST overwrites it (see
 * https://api.wawp.net/en/docs/v2/session/webhook). A URL that stays in the list keeps the
 * `retries`, `hmac` and `name` set through `/v2/webhook/*`, which this route cannot express
 * (Wawp does not say; dropping a secret the caller never saw would be the surprising choice).
 */
export const sessionWebhook: InstanceHandler = ({ req, instance }) => {
  if (req.method === 'POST') {
    const raw = req.rawParam('webhooks');
    if (raw === undefined || raw === null || raw === '') {
      throw missingParameter('webhooks');
    }
    const before = new Map(instance.webhooks.map((hook) => [hook.url, hook]));
    instance.webhooks = toWebhooks(raw).map((hook) => {
      const { retries, hmac, name } = before.get(hook.url) ?? {};
      return {
        ...hook,
        ...(retries ? { retries } : {}),
        ...(hmac ? { hmac } : {}),
        ...(name ? { name } : {}),
      };
    });
  }
  return { body: view(instance) };
};
