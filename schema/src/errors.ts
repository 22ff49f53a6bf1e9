import { createGraphQLError } from 'graphql-yoga';

/**
 * Every `extensions.code` the gateway returns, in one table (ARCHITECTURE.md section 9).
 * Throw sites use `gatewayError(ErrorCode.X, …)`, never a bare string.
 */
export const ErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  /** Also for instances of another tenant, so ids cannot be probed. */
  NotFound: 'NOT_FOUND',
  BadUserInput: 'BAD_USER_INPUT',
  /** The session is not in the status the operation needs; `extensions.status` has the current one. */
  SessionNotReady: 'SESSION_NOT_READY',
  /** Wawp is rotating the QR; retry after `extensions.retryAfterMs`. */
  QrRefreshing: 'QR_REFRESHING',
  RateLimited: 'RATE_LIMITED',
  /** Wawp timed out, failed, or the circuit breaker is open; retry after `extensions.retryAfterMs`. */
  UpstreamUnavailable: 'UPSTREAM_UNAVAILABLE',
  /** Wawp rejected the gateway's access token: an operator must fix the configuration. */
  UpstreamAuthFailed: 'UPSTREAM_AUTH_FAILED',
  Internal: 'INTERNAL',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  SESSION_NOT_READY: 409,
  QR_REFRESHING: 503,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_AUTH_FAILED: 502,
  INTERNAL: 500,
};

/** Extra, code-specific fields of `extensions`. */
export interface ErrorExtras {
  status?: string;
  retryAfterMs?: number;
  [key: string]: unknown;
}

/**
 * Builds the GraphQL error for an expected failure. Yoga passes these through its error masking;
 * anything else thrown in a resolver becomes `Unexpected error.` with code `INTERNAL`.
 */
export function gatewayError(code: ErrorCode, message: string, extras: ErrorExtras = {}) {
  return createGraphQLError(message, {
    extensions: { code, ...extras, http: { status: HTTP_STATUS[code] } },
  });
}

/** True when `error` is a gateway error with the given code. */
export function hasErrorCode(error: unknown, code: ErrorCode): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'extensions' in error &&
    (error as { extensions?: { code?: unknown } }).extensions?.code === code
  );
}
