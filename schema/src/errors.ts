import { createGraphQLError } from 'graphql-yoga';
import type { ErrorCode } from './protocol/error-codes';

export { ErrorCode, errorCodeOf, hasErrorCode } from './protocol/error-codes';

const HTTP_STATUS: Record<ErrorCode, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
  CONFLICT: 409,
  SESSION_NOT_READY: 409,
  QR_REFRESHING: 503,
  RATE_LIMITED: 429,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_AUTH_FAILED: 502,
  STREAM_INTERRUPTED: 503,
  // Not 429: nothing was rate limited and waiting does not help; the operation as written asks
  // for too much, so 422 (understood, not processable), which also keeps it apart from the
  // 400 of BAD_USER_INPUT.
  UPSTREAM_BUDGET_EXCEEDED: 422,
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
