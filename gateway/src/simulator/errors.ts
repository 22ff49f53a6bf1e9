import type { SessionStatus } from './types';

/** A JSON error reply; handlers throw it and the surface serialises it (docs/wawp-contract.md section 4). */
export class SimError extends Error {
  override name = 'SimError';
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly headers: Record<string, string> = {},
  ) {
    super(String(body.message ?? body.code));
  }
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

const fail = (status: number, code: string, message: string, extra: object = {}) =>
  new SimError(status, { status, code, message, error: REASONS[status] ?? 'Error', ...extra });

export const missingParameter = (name: string) =>
  fail(400, 'missing_parameter', `${name} is required`);
export const invalidParameter = (name: string, why: string) =>
  fail(400, 'invalid_parameter', `${name} ${why}`);
export const invalidBody = (why: string) => fail(400, 'invalid_body', why);
export const invalidAccessToken = () =>
  fail(401, 'invalid_access_token', 'The access token is missing or invalid');
export const quotaReached = (max?: number) =>
  fail(403, 'quota_reached', `Instance quota reached${max === undefined ? '' : ` (${max})`}`);
export const invalidInstance = (id: string) =>
  fail(404, 'invalid_instance', `Instance ${id} was not found`);
export const routeNotFound = (path: string) => fail(404, 'not_found', `No route for ${path}`);
/** A `/v2/webhook/update` for a URL the instance has no webhook for; the URL is not echoed (it may carry a secret). */
export const webhookNotFound = () =>
  fail(404, 'not_found', 'No webhook with this url is configured on the instance');
/** A paid-only route on a free plan (see https://api.wawp.net/en/docs/v2/session/webhook). */
export const subscriptionRequired = () =>
  fail(403, 'subscription_required', 'This feature needs a paid plan');
/** The control surface accepts JSON bodies only. */
export const unsupportedMediaType = () =>
  fail(415, 'unsupported_media_type', 'The control surface accepts only application/json');
/** A browser request from another origin reached the control surface. */
export const crossOrigin = () =>
  fail(403, 'cross_origin', 'The control surface does not accept requests from web pages');
export const conflict = (message: string) => fail(409, 'conflict', message);
export const payloadTooLarge = () => fail(413, 'payload_too_large', 'Body exceeds 1 MB');
export const internalError = (message = 'Internal simulator error') =>
  fail(500, 'internal_error', message);

export const methodNotAllowed = (method: string, path: string, allowed: readonly string[]) => {
  const error = fail(405, 'method_not_allowed', `${method} is not allowed on ${path}`);
  return new SimError(405, error.body, { Allow: allowed.join(', ') });
};

/** The WAHA status-gate body, with `status` kept as the HTTP int (docs/wawp-contract.md section 4). */
export const statusGate = (
  session: string,
  current: SessionStatus,
  expected: readonly SessionStatus[],
) =>
  new SimError(422, {
    status: 422,
    code: 'session_status_unexpected',
    message: 'Engine is refreshing its state, retry shortly',
    error: 'Session status is not as expected. Try again later or restart the session',
    session,
    session_status: current,
    expected,
  });

export const rateLimited = (retryAfterS: number, message: string) =>
  new SimError(
    429,
    { status: 429, code: 'rate_limited', message, error: REASONS[429] },
    { 'Retry-After': String(retryAfterS) },
  );

/** The table body for an arbitrary injected status (faults). */
export function errorForStatus(status: number, route: string): SimError {
  if (status === 401) {
    return invalidAccessToken();
  }
  if (status === 403) {
    return route === 'session/create' ? quotaReached() : subscriptionRequired();
  }
  if (status === 404) {
    return fail(404, 'invalid_instance', 'Instance was not found');
  }
  if (status === 422) {
    return fail(422, 'session_status_unexpected', 'Injected status gate');
  }
  if (status === 429) {
    return rateLimited(2, 'Injected rate limit');
  }
  if (status >= 502 && status <= 504) {
    return fail(status, 'wawp_upstream_error', 'The engine is unreachable (injected)');
  }
  if (status >= 500) {
    return fail(status, 'internal_error', 'Injected failure');
  }
  return fail(status, 'bad_request', 'Injected failure');
}
