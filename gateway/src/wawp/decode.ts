import {
  KNOWN_WAWP_STATUSES,
  type KnownWawpStatus,
  type WawpCreated,
  type WawpMe,
  type WawpSession,
  type WawpStatus,
  type WawpWebhook,
} from './types';

/** A 2xx body that does not have the documented shape. The client turns it into `bad_response`. */
export class WawpDecodeError extends Error {
  override readonly name = 'WawpDecodeError';
}

/** @private */
export type Json = Record<string, unknown>;

/** @private */
export function isRecord(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** @private */
export function optionalString(value: unknown): string | null {
  return typeof value === 'string' && value.length > 0 ? value : null;
}

/** @private */
export function requireRecord(body: unknown, what: string): Json {
  if (!isRecord(body)) {
    throw new WawpDecodeError(`${what}: expected a JSON object`);
  }
  return body;
}

/** Maps any status string to a {@link WawpStatus}; unknown or missing values become `'UNKNOWN'`. */
export function toWawpStatus(raw: unknown): WawpStatus {
  const known = KNOWN_WAWP_STATUSES as readonly string[];
  return typeof raw === 'string' && known.includes(raw) ? (raw as KnownWawpStatus) : 'UNKNOWN';
}

/** Decodes `session/me` or `info.me`: `null` (not authenticated) or an object with an `id`. */
export function decodeMe(body: unknown): WawpMe | null {
  if (!isRecord(body) || typeof body.id !== 'string' || body.id.length === 0) {
    return null;
  }
  const me: WawpMe = { id: body.id, pushName: optionalString(body.pushName) };
  if ('lid' in body) {
    me.lid = optionalString(body.lid);
  }
  if ('platform' in body) {
    me.platform = optionalString(body.platform);
  }
  return me;
}

// `is_active` arrives as a boolean, 0/1 or their string forms; WAHA-shaped hooks omit it (active).
function toActive(value: unknown): boolean {
  if (value === undefined || value === null) {
    return true;
  }
  return value === true || value === 1 || value === '1' || value === 'true';
}

/** @private One webhook `{url, events, is_active}`; `null` without a string `url`. */
export function decodeWebhook(value: unknown): WawpWebhook | null {
  if (!isRecord(value) || typeof value.url !== 'string') {
    return null;
  }
  const events = Array.isArray(value.events)
    ? value.events.filter((e): e is string => typeof e === 'string')
    : [];
  return { url: value.url, events, isActive: toActive(value.is_active ?? value.isActive) };
}

/**
 * Decodes a webhook list that Wawp sends as an array, an empty object `{}`, a single webhook
 * object, or an object keyed by anything. Entries without a `url` are dropped.
 */
export function decodeWebhooks(value: unknown): WawpWebhook[] {
  let items: unknown[] = [];
  if (Array.isArray(value)) {
    items = value;
  } else if (isRecord(value)) {
    items = 'url' in value ? [value] : Object.values(value);
  }
  return items.map(decodeWebhook).filter((w): w is WawpWebhook => w !== null);
}

/**
 * Decodes a session DTO (`session/info` and the action routes). Returns `null` when the body is
 * not session-shaped (empty, or no string `status`), so an action can fall back to a re-read.
 * `instanceId` is the id the caller addressed; Wawp's info body does not echo it.
 */
export function decodeSession(body: unknown, instanceId: string): WawpSession | null {
  if (!isRecord(body) || typeof body.status !== 'string') {
    return null;
  }
  const config = isRecord(body.config) ? body.config : {};
  return {
    instanceId,
    name: optionalString(body.name) ?? optionalString(body.session_name),
    status: toWawpStatus(body.status),
    rawStatus: body.status,
    me: decodeMe(body.me),
    qr: optionalString(body.qr),
    webhooks: decodeWebhooks(config.webhooks),
  };
}

/** Decodes `session/create`: `instance_id` is required, everything else optional. */
export function decodeCreated(body: unknown): WawpCreated {
  const o = requireRecord(body, 'session/create');
  const instanceId = optionalString(o.instance_id) ?? optionalString(o.instanceId);
  if (instanceId === null) {
    throw new WawpDecodeError('session/create: missing instance_id');
  }
  return {
    instanceId,
    sessionName: optionalString(o.session_name) ?? optionalString(o.name),
    serverName: optionalString(o.server_name),
    status: toWawpStatus(o.status),
  };
}

/** Decodes `GET session/webhook`: `{ webhooks, systemConfig }`; both may be missing. */
export function decodeWebhookList(body: unknown): {
  webhooks: WawpWebhook[];
  systemConfig: unknown;
} {
  const o = requireRecord(body, 'session/webhook');
  return { webhooks: decodeWebhooks(o.webhooks), systemConfig: o.systemConfig ?? null };
}
