import { isRecord, type Json, optionalString, toWawpStatus } from './decode';
import { redact, WawpError, type WawpErrorKind } from './errors';

// Wawp's named error codes (docs/wawp-contract.md section 4), for 2xx bodies that carry an error.
const CODE_KINDS: Record<string, WawpErrorKind> = {
  missing_parameter: 'bad_request',
  invalid_parameter: 'bad_request',
  method_not_allowed: 'bad_request',
  invalid_access_token: 'auth',
  unauthorized: 'auth',
  subscription_required: 'forbidden',
  quota_reached: 'forbidden',
  invalid_instance: 'not_found',
  invalid_session: 'not_found',
  session_status_unexpected: 'status_gate',
  rate_limited: 'rate_limited',
  internal_error: 'upstream',
  wawp_upstream_error: 'upstream',
  server_not_found: 'upstream',
};

/** Maps an HTTP status to an error kind; `undefined` for statuses that are not failures. */
export function kindForStatus(status: number): WawpErrorKind | undefined {
  if (status >= 500) {
    return 'upstream';
  }
  const kinds: Record<number, WawpErrorKind> = {
    401: 'auth',
    403: 'forbidden',
    404: 'not_found',
    422: 'status_gate',
    429: 'rate_limited',
  };
  return kinds[status] ?? (status >= 400 ? 'bad_request' : undefined);
}

/**
 * True when a 2xx body is really a failure: a non-null `error`, `success: false`, or a bare
 * `{code, message}` envelope with no data beside it.
 * @see docs/wawp-contract.md section 4
 */
export function isErrorBody(body: unknown): body is Json {
  if (!isRecord(body)) {
    return false;
  }
  if (body.error !== undefined && body.error !== null && body.error !== false) {
    return true;
  }
  if (body.success === false) {
    return true;
  }
  const envelope = new Set(['code', 'message', 'status', 'statusCode', 'success', 'timestamp']);
  return (
    typeof body.code === 'string' &&
    typeof body.message === 'string' &&
    Object.keys(body).every((key) => envelope.has(key))
  );
}

/** Reads `Retry-After` (delta seconds or an HTTP date) as milliseconds. */
export function parseRetryAfter(header: string | null, now = Date.now()): number | undefined {
  if (header === null || header.trim() === '') {
    return undefined;
  }
  if (/^\d+(\.\d+)?$/.test(header.trim())) {
    return Math.round(Number(header) * 1000);
  }
  const at = Date.parse(header);
  return Number.isFinite(at) ? Math.max(0, at - now) : undefined;
}

/** Inputs of {@link toFailure}. `body` is the parsed JSON, or `undefined` when it was not JSON. */
export interface FailureInput {
  route: string;
  httpStatus: number;
  body: unknown;
  retryAfter: string | null;
  /** The access token, scrubbed from anything copied into the message. */
  secret: string;
}

// The numeric status in a body: `status` (Wawp) or `statusCode` (NestJS), as int or digit string.
function bodyStatus(o: Json): number | undefined {
  for (const v of [o.status, o.statusCode]) {
    if (typeof v === 'number') {
      return v;
    }
    if (typeof v === 'string' && /^\d{3}$/.test(v)) {
      return Number(v);
    }
  }
  return undefined;
}

/**
 * Builds the typed error for a non-2xx answer or a 2xx body that carries an error. Upstream text
 * goes into the message only after redaction; a non-JSON body is never quoted.
 */
export function toFailure(input: FailureInput): WawpError {
  const o: Json = isRecord(input.body) ? input.body : {};
  const code = optionalString(o.code) ?? undefined;
  const inBody = bodyStatus(o);
  const kind =
    kindForStatus(input.httpStatus) ??
    (code !== undefined ? CODE_KINDS[code] : undefined) ??
    (Array.isArray(o.expected) ? 'status_gate' : undefined) ??
    (inBody !== undefined ? kindForStatus(inBody) : undefined) ??
    'upstream';
  // WAHA puts the session status in `status`; Wawp moves it to `session_status` (section 8.8).
  const rawSession = optionalString(o.session_status) ?? optionalString(o.status);
  const sessionStatus =
    rawSession !== null && !/^\d+$/.test(rawSession) ? toWawpStatus(rawSession) : undefined;
  const expected = Array.isArray(o.expected)
    ? o.expected.filter((e): e is string => typeof e === 'string')
    : undefined;
  const text = optionalString(o.message) ?? optionalString(o.error);
  const detail = text === null ? '' : `: ${redact(text, input.secret)}`;
  const label = code === undefined ? '' : ` ${redact(code, input.secret, 60)}`;
  return new WawpError({
    kind,
    route: input.route,
    httpStatus: input.httpStatus,
    code: code === undefined ? undefined : redact(code, input.secret, 60),
    sessionStatus,
    expected,
    retryAfterMs: parseRetryAfter(input.retryAfter),
    message: `Wawp ${input.route} failed with HTTP ${input.httpStatus}${label}${detail}`,
  });
}
