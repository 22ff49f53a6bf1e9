/**
 * Every `extensions.code` the gateway returns, in one table. Throw sites use
 * `gatewayError(ErrorCode.X, …)` and readers `hasErrorCode(error, ErrorCode.X)`, never a bare
 * string. Pure constants, so the console and integrators can import them without the schema.
 */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  /** Also for instances of another tenant, so ids cannot be probed. */
  NotFound: 'NOT_FOUND',
  BadUserInput: 'BAD_USER_INPUT',
  /** The value must be unique and is taken (e.g. an instance's `externalRef` in its tenant). */
  Conflict: 'CONFLICT',
  /** The session is not in the status the operation needs; `extensions.status` has the current one. */
  SessionNotReady: 'SESSION_NOT_READY',
  /** Wawp is rotating the QR; retry after `extensions.retryAfterMs`. */
  QrRefreshing: 'QR_REFRESHING',
  RateLimited: 'RATE_LIMITED',
  /** Wawp timed out, failed, or the circuit breaker is open; retry after `extensions.retryAfterMs`. */
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  /** Wawp rejected the gateway's access token: an operator must fix the configuration. */
  UpstreamAuthFailed: 'UPSTREAM_AUTH_FAILED',
  /**
   * A `sessionEvents` stream ended by the gateway (the subscriber fell too far behind, or the
   * gateway is restarting): resume with `after` (or `Last-Event-ID`) set to `extensions.cursor`,
   * the last event delivered (`null`: none was).
   */
  StreamInterrupted: 'STREAM_INTERRUPTED',
  /**
   * The operation asked Wawp for more than 3 distinct things (aliases of one read are one; list
   * fields are free): this field was not read. `extensions.limit` has the budget; split the
   * operation. Retrying it unchanged fails the same way.
   */
  UpstreamBudgetExceeded: 'UPSTREAM_BUDGET_EXCEEDED',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Every code, for exhaustive tables and guards. */
export const ERROR_CODES: readonly ErrorCode[] = Object.values(ErrorCode);

/** True when `value` is one of the gateway's codes. */
export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

/** The gateway code of `error` (anything with `extensions.code`), or `null`. */
export function errorCodeOf(error: unknown): ErrorCode | null {
  const code = (error as { extensions?: { code?: unknown } } | null)?.extensions?.code;
  return isErrorCode(code) ? code : null;
}

/** True when `error` is a gateway error with the given code (or one of the given codes). */
export function hasErrorCode(error: unknown, ...codes: ErrorCode[]): boolean {
  const code = errorCodeOf(error);
  return code !== null && codes.includes(code);
}
