import { invalidParameter, missingParameter, webhookNotFound } from './errors';
import type { InstanceHandler } from './route-types';
import type { WebhookConfig } from './types';
import { SYSTEM_CONFIG } from './webhook-config-handlers';
import {
  activeSchema,
  eventsSchema,
  hmacSchema,
  mergeRetries,
  nameSchema,
  optionalField,
  requireUrl,
  retriesSchema,
} from './webhook-params';
import { DEFAULT_RETRIES, toStoredWebhook } from './webhook-view';

/**
 * `POST /v2/webhook/set`: creates one webhook URL, or replaces the one with the same URL in place
 * (its `name` is kept). Answers the webhook as stored, `hmac` included.
 * @see https://api.wawp.net/en/docs/v2/webhook/set
 */
export const webhookSet: InstanceHandler = ({ req, instance }) => {
  const url = requireUrl(req);
  const events = optionalField(req, 'events', eventsSchema, true);
  if (events === undefined) {
    throw missingParameter('events');
  }
  const isActive = optionalField(req, 'is_active', activeSchema) ?? true;
  const retries = mergeRetries(DEFAULT_RETRIES, optionalField(req, 'retries', retriesSchema, true));
  const hmac = optionalField(req, 'hmac', hmacSchema);
  const index = instance.webhooks.findIndex((hook) => hook.url === url);
  const name = index >= 0 ? instance.webhooks[index]?.name : undefined;
  const hook: WebhookConfig = {
    url,
    events,
    is_active: isActive,
    retries,
    ...(hmac ? { hmac } : {}),
    ...(name ? { name } : {}),
  };
  if (index >= 0) {
    instance.webhooks[index] = hook;
  } else {
    instance.webhooks.push(hook);
  }
  return { body: toStoredWebhook(hook) };
};

/**
 * `PATCH /v2/webhook/update`: changes the given fields of the webhook with `url`; 404 when the
 * instance has none. Answers the webhook as stored.
 * @see https://api.wawp.net/en/docs/v2/webhook/update
 */
export const webhookUpdate: InstanceHandler = ({ req, instance }) => {
  const url = requireUrl(req);
  const events = optionalField(req, 'events', eventsSchema, true);
  const isActive = optionalField(req, 'is_active', activeSchema);
  const retries = optionalField(req, 'retries', retriesSchema, true);
  const hmac = optionalField(req, 'hmac', hmacSchema);
  const name = optionalField(req, 'name', nameSchema);
  if ([events, isActive, retries, hmac, name].every((value) => value === undefined)) {
    throw missingParameter('events, is_active, retries, hmac or name');
  }
  const hook = instance.webhooks.find((candidate) => candidate.url === url);
  if (!hook) {
    throw webhookNotFound();
  }
  if (events !== undefined) {
    hook.events = events;
  }
  if (isActive !== undefined) {
    hook.is_active = isActive;
  }
  if (retries !== undefined) {
    hook.retries = mergeRetries(hook.retries ?? DEFAULT_RETRIES, retries);
  }
  if (hmac !== undefined) {
    if (hmac) {
      hook.hmac = hmac;
    } else {
      delete hook.hmac;
    }
  }
  if (name !== undefined) {
    if (name) {
      hook.name = name;
    } else {
      delete hook.name;
    }
  }
  return { body: toStoredWebhook(hook) };
};

/**
 * `DELETE /v2/webhook/delete`: removes the webhook with `url`; an ack either way, `deleted`
 * saying whether there was one. Wawp's own system webhook can only be disabled.
 * @see https://api.wawp.net/en/docs/v2/webhook/delete
 */
export const webhookDelete: InstanceHandler = ({ req, instance }) => {
  const url = requireUrl(req);
  if (url === SYSTEM_CONFIG.url) {
    throw invalidParameter('url', 'is the system webhook, which can only be disabled');
  }
  const before = instance.webhooks.length;
  instance.webhooks = instance.webhooks.filter((hook) => hook.url !== url);
  return { body: { success: true, deleted: instance.webhooks.length < before } };
};
