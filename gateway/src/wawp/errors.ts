import type { WawpStatus } from './types';

/**
 * Why a Wawp call failed.
 * - `auth`: 401, the access token is invalid or missing.
 * - `forbidden`: 403, `code` is `subscription_required` or `quota_reached`.
 * - `not_found`: 404, the instance is unknown, deleted or not owned by the token.
 * - `status_gate`: 422, the session is not in the status the route needs (`sessionStatus`, `expected`).
 * - `rate_limited`: 429, `retryAfterMs` from `Retry-After`.
 * - `bad_request`: any other 4xx (400, 405, ...) or an argument the client rejected before sending.
 * - `upstream`: 5xx, a connection reset or refusal, a 2xx that carries an error, or a fast
 *   rejection by the client itself (`code` `circuit_open` or `bulkhead_full`).
 * - `timeout`: no complete answer within the deadline (`code` `aborted` when the caller aborted).
 * - `bad_response`: a body that is not JSON, too large, or not the documented shape.
 */
export type WawpErrorKind =
  | 'auth'
  | 'not_found'
  | 'status_gate'
  | 'rate_limited'
  | 'upstream'
  | 'timeout'
  | 'bad_response'
  | 'bad_request'
  | 'forbidden';

/** The fields of a {@link WawpError}; `message` must already be free of secrets. */
export interface WawpErrorInit {
  kind: WawpErrorKind;
  route: string;
  message: string;
  httpStatus?: number;
  code?: string;
  sessionStatus?: WawpStatus;
  expected?: string[];
  retryAfterMs?: number;
  cause?: unknown;
}

/** The one error type the Wawp client throws. Its message never holds the access token. */
export class WawpError extends Error {
  override readonly name = 'WawpError';
  readonly kind: WawpErrorKind;
  /** The Wawp route, for example `session/info`. */
  readonly route: string;
  readonly httpStatus?: number;
  /** Wawp's snake_case error code when it sent one (an open set). */
  readonly code?: string;
  /** For `status_gate`: the status the session was in. */
  readonly sessionStatus?: WawpStatus;
  /** For `status_gate`: the statuses the route would have accepted. */
  readonly expected?: string[];
  /** For `rate_limited` (and 503 with `Retry-After`): how long Wawp asked us to wait. */
  readonly retryAfterMs?: number;

  constructor(init: WawpErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.kind = init.kind;
    this.route = init.route;
    this.httpStatus = init.httpStatus;
    this.code = init.code;
    this.sessionStatus = init.sessionStatus;
    this.expected = init.expected;
    this.retryAfterMs = init.retryAfterMs;
  }
}

/** The error of a call its caller aborted (while queued, sent, or waiting to retry). */
export const abortedByCaller = (route: string): WawpError =>
  new WawpError({
    kind: 'timeout',
    route,
    code: 'aborted',
    message: `Wawp ${route} was aborted by the caller`,
  });

/** True when `error` is a {@link WawpError}. */
export function isWawpError(error: unknown): error is WawpError {
  return error instanceof WawpError;
}

// 404 codes that name a missing instance rather than a missing route.
const INSTANCE_MISSING = new Set(['invalid_instance', 'invalid_session']);

/**
 * True when Wawp does not serve the route that failed: a 405, or a 404 that is not about the
 * instance (`invalid_instance`, `invalid_session`). Where `webhook/set` gives this, register
 * through `getWebhooks` + `setWebhooks` (the read-merge-write of `/v2/session/webhook`).
 * @see docs/wawp-contract.md section 5
 */
export function isRouteUnsupported(error: unknown): boolean {
  if (!(error instanceof WawpError)) {
    return false;
  }
  return (
    error.httpStatus === 405 ||
    (error.httpStatus === 404 && !INSTANCE_MISSING.has(error.code ?? ''))
  );
}

const REDACTED = '[redacted]';
// Credential-shaped substrings, in case an upstream echoes a request back in its error text.
const SECRET_PATTERN =
  /((?:access[_-]?token|api[_-]?key|authorization)["']?\s*[:=]\s*["']?(?:bearer\s+)?)[^\s"'&,;}]+/gi;

/**
 * Removes `secret` and anything credential-shaped from `text`, and caps its length, so upstream
 * error text can go into an error message.
 * @private
 */
export function redact(text: string, secret: string, maxLength = 200): string {
  let out = secret.length > 0 ? text.split(secret).join(REDACTED) : text;
  out = out.replace(SECRET_PATTERN, `$1${REDACTED}`);
  return out.length > maxLength ? `${out.slice(0, maxLength)}…` : out;
}
