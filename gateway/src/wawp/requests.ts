import { WawpError } from './errors';
import { toWawpPath, type WawpRoute } from './routes';
import type {
  WawpWebhook,
  WawpWebhookChanges,
  WawpWebhookInput,
  WawpWebhookRetries,
} from './types';

export type { WawpRoute };

/**
 * A request description with no IO. `send()` adds the `access-token` header, the base URL and
 * the timeout.
 *
 * Security: the access token only ever goes into `body` (and the header), never into `query`,
 * so it cannot end up in URLs, proxy logs or the upstream's access log.
 */
export interface WawpRequest {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  route: WawpRoute;
  /** Absolute path, for example `/v2/session/info`. */
  path: string;
  /** Non-secret query parameters (`instance_id`, `format`). */
  query: Record<string, string>;
  /** JSON body, or `null` for GET. */
  body: Record<string, unknown> | null;
  /** The instance addressed, or `null` for `session/create`. */
  instanceId: string | null;
  /** Reads are idempotent: they get the read timeout and may be retried; actions never are. */
  idempotent: boolean;
}

/** Credentials of every request. */
export interface AccountArgs {
  accessToken: string;
}

/** Credentials plus the addressed instance. */
export interface InstanceArgs extends AccountArgs {
  instanceId: string;
}

function makeRequest(
  method: WawpRequest['method'],
  route: WawpRoute,
  args: InstanceArgs,
  idempotent: boolean,
  extra: Record<string, unknown> = {},
): WawpRequest {
  const query = { instance_id: args.instanceId };
  const body =
    method === 'GET'
      ? null
      : { instance_id: args.instanceId, access_token: args.accessToken, ...extra };
  return {
    method,
    route,
    path: toWawpPath(route),
    query,
    body,
    instanceId: args.instanceId,
    idempotent,
  };
}

/** `POST /v2/session/create`: only the account token. */
export function makeCreateSessionRequest(args: AccountArgs): WawpRequest {
  return {
    method: 'POST',
    route: 'session/create',
    path: toWawpPath('session/create'),
    query: {},
    body: { access_token: args.accessToken },
    instanceId: null,
    idempotent: false,
  };
}

/** `POST /v2/session/start`. */
export const makeStartSessionRequest = (a: InstanceArgs) =>
  makeRequest('POST', 'session/start', a, false);
/** `POST /v2/session/stop`. */
export const makeStopSessionRequest = (a: InstanceArgs) =>
  makeRequest('POST', 'session/stop', a, false);
/** `POST /v2/session/restart`. */
export const makeRestartSessionRequest = (a: InstanceArgs) =>
  makeRequest('POST', 'session/restart', a, false);
/** `POST /v2/session/logout`. */
export const makeLogoutSessionRequest = (a: InstanceArgs) =>
  makeRequest('POST', 'session/logout', a, false);
/** `DELETE /v2/session/delete` with a JSON body. */
export const makeDeleteSessionRequest = (a: InstanceArgs) =>
  makeRequest('DELETE', 'session/delete', a, false);
/** `POST /v2/session/info`. */
export const makeSessionInfoRequest = (a: InstanceArgs) =>
  makeRequest('POST', 'session/info', a, true);
/** `GET /v2/session/me`: GET-only, so the token travels in the `access-token` header alone. */
export const makeSessionMeRequest = (a: InstanceArgs) => makeRequest('GET', 'session/me', a, true);
/** `POST /v2/auth/qr` with `format=raw`. */
export function makeQrRequest(a: InstanceArgs): WawpRequest {
  const request = makeRequest('POST', 'auth/qr', a, true, { format: 'raw' });
  return { ...request, query: { ...request.query, format: 'raw' } };
}
/** `POST /v2/auth/qr-image`. */
export const makeQrImageRequest = (a: InstanceArgs) =>
  makeRequest('POST', 'auth/qr-image', a, true);
/** `POST /v2/auth/screenshot` (optional upstream route; 404 means unsupported). */
export const makeScreenshotRequest = (a: InstanceArgs) =>
  makeRequest('POST', 'auth/screenshot', a, true);
/** `GET /v2/session/webhook`: GET, because a POST overwrites the list. */
export const makeGetWebhooksRequest = (a: InstanceArgs) =>
  makeRequest('GET', 'session/webhook', a, true);

/** `POST /v2/session/webhook`: replaces the whole list. */
export function makeSetWebhooksRequest(a: InstanceArgs & { webhooks: WawpWebhook[] }): WawpRequest {
  const webhooks = a.webhooks.map((w) => ({ url: w.url, events: w.events, is_active: w.isActive }));
  return makeRequest('POST', 'session/webhook', a, false, { webhooks });
}

const invalid = (route: WawpRoute, message: string) =>
  new WawpError({ kind: 'bad_request', route, code: 'invalid_parameter', message });

function checkUrl(route: WawpRoute, url: string) {
  if (url.trim() === '') {
    throw invalid(route, 'url must not be empty');
  }
}

function checkEvents(route: WawpRoute, events: string[]) {
  if (events.length === 0 || events.some((event) => event.trim() === '')) {
    throw invalid(route, 'events must be a non-empty list of event names');
  }
}

function toRetries(route: WawpRoute, retries: WawpWebhookRetries) {
  const { delay, attempts } = retries;
  if (!Number.isFinite(delay) || delay < 0 || !Number.isInteger(attempts) || attempts < 1) {
    throw invalid(route, 'retries needs a delay of 0 s or more and at least 1 attempt');
  }
  return { delay, attempts };
}

// The optional fields both per-URL routes take, in Wawp's names (`is_active` as 1/0, as documented).
function webhookFields(route: WawpRoute, w: Omit<WawpWebhookChanges, 'url'>) {
  return {
    ...(w.events === undefined ? {} : { events: w.events }),
    ...(w.isActive === undefined ? {} : { is_active: w.isActive ? 1 : 0 }),
    ...(w.retries === undefined ? {} : { retries: toRetries(route, w.retries) }),
    ...(w.hmac === undefined ? {} : { hmac: w.hmac }),
  };
}

/**
 * `POST /v2/webhook/set`: creates one webhook URL or updates it in place. The URL and `hmac` go
 * in the body only (a receiver URL often carries its own secret).
 * @throws WawpError `bad_request` before sending for an empty `url` or `events`, or bad `retries`.
 * @see https://api.wawp.net/en/docs/v2/webhook/set
 */
export function makeSetWebhookRequest(
  a: InstanceArgs & { webhook: WawpWebhookInput },
): WawpRequest {
  const { url, events, ...rest } = a.webhook;
  checkUrl('webhook/set', url);
  checkEvents('webhook/set', events);
  const fields = webhookFields('webhook/set', { ...rest, events });
  return makeRequest('POST', 'webhook/set', a, false, { url, ...fields });
}

/**
 * `PATCH /v2/webhook/update`: changes the given fields of the webhook with `url`.
 * @throws WawpError `bad_request` before sending for an empty `url`, no change, empty `events` or bad `retries`.
 * @see https://api.wawp.net/en/docs/v2/webhook/update
 */
export function makeUpdateWebhookRequest(
  a: InstanceArgs & { changes: WawpWebhookChanges },
): WawpRequest {
  const { url, name, ...rest } = a.changes;
  checkUrl('webhook/update', url);
  if (rest.events !== undefined) {
    checkEvents('webhook/update', rest.events);
  }
  const fields = {
    ...webhookFields('webhook/update', rest),
    ...(name === undefined ? {} : { name }),
  };
  if (Object.keys(fields).length === 0) {
    throw invalid(
      'webhook/update',
      'nothing to change: give events, isActive, retries, hmac or name',
    );
  }
  return makeRequest('PATCH', 'webhook/update', a, false, { url, ...fields });
}

/**
 * `DELETE /v2/webhook/delete` with a JSON body naming `url`.
 * @see https://api.wawp.net/en/docs/v2/webhook/delete
 */
export function makeDeleteWebhookRequest(a: InstanceArgs & { url: string }): WawpRequest {
  checkUrl('webhook/delete', a.url);
  return makeRequest('DELETE', 'webhook/delete', a, false, { url: a.url });
}

// International digits with country code: no `+`, no leading `00`, 7–15 digits (E.164).
const PHONE_DIGITS = /^[1-9]\d{6,14}$/;

/**
 * `POST /v2/auth/request-code`; the phone number goes in the body only.
 * @throws WawpError `bad_request` when `phoneNumber` is not 7–15 digits without `+` or `00`.
 */
export function makeRequestCodeRequest(a: InstanceArgs & { phoneNumber: string }): WawpRequest {
  if (!PHONE_DIGITS.test(a.phoneNumber)) {
    throw new WawpError({
      kind: 'bad_request',
      route: 'auth/request-code',
      code: 'invalid_phone_number',
      message: 'phone_number must be 7-15 digits with the country code, without + or 00',
    });
  }
  return makeRequest('POST', 'auth/request-code', a, false, { phone_number: a.phoneNumber });
}
