import type { CombinedError } from '@urql/core';
import { ErrorCode, errorCodeOf } from '@wawp-gateway/schema/protocol';

/** What the console needs from an error's `extensions`. */
export interface ErrorExtensions {
  code?: unknown;
  status?: unknown;
  retryAfterMs?: unknown;
}

const seconds = (ms: unknown) =>
  typeof ms === 'number' && ms > 0
    ? ` Try again in ${Math.ceil(ms / 1000)} s.`
    : ' Try again shortly.';

/** One human sentence per gateway code: the single table every screen uses. */
export const ERROR_MESSAGES: Record<ErrorCode, (ext: ErrorExtensions) => string> = {
  [ErrorCode.Unauthenticated]: () => 'Signed out: the gateway did not accept this key.',
  [ErrorCode.Forbidden]: () => 'This key is not allowed to do that; an admin key is needed.',
  [ErrorCode.NotFound]: () => 'No such instance, or it belongs to another tenant.',
  [ErrorCode.BadUserInput]: () => 'The gateway rejected the input.',
  [ErrorCode.Conflict]: () => 'That value is already taken; choose another one.',
  [ErrorCode.SessionNotReady]: (ext) =>
    typeof ext.status === 'string'
      ? `The session is ${ext.status}; this action needs another status.`
      : 'The session is not in the right status for this action.',
  [ErrorCode.QrRefreshing]: (ext) =>
    `WhatsApp is generating a fresh QR code.${seconds(ext.retryAfterMs)}`,
  [ErrorCode.RateLimited]: (ext) => `Too many requests.${seconds(ext.retryAfterMs)}`,
  [ErrorCode.UpstreamUnavailable]: (ext) =>
    `Wawp is not answering right now.${seconds(ext.retryAfterMs)}`,
  [ErrorCode.UpstreamAuthFailed]: () =>
    'Wawp rejected the gateway’s access token; an operator must fix the gateway configuration.',
  [ErrorCode.StreamInterrupted]: () => 'The live stream was interrupted; reconnecting.',
  [ErrorCode.UpstreamBudgetExceeded]: () =>
    'This view asked Wawp for too much at once; some parts were not loaded. Open them one by one.',
  [ErrorCode.Internal]: () => 'Something went wrong in the gateway. It has been logged.',
};

/** The human message for one GraphQL error; `BAD_USER_INPUT` keeps the gateway's own reason. */
export function toErrorMessage(error: { message: string; extensions?: ErrorExtensions }): string {
  const ext = error.extensions ?? {};
  const code = errorCodeOf(error);
  if (code === null) {
    return error.message || ERROR_MESSAGES[ErrorCode.Internal](ext);
  }
  if (code === ErrorCode.BadUserInput && error.message) {
    return error.message;
  }
  return ERROR_MESSAGES[code](ext);
}

/** The first gateway code among an urql error's GraphQL errors, if any. */
export function firstErrorCodeOf(error: CombinedError | undefined): ErrorCode | null {
  for (const graphQLError of error?.graphQLErrors ?? []) {
    const code = errorCodeOf(graphQLError);
    if (code !== null) {
      return code;
    }
  }
  return null;
}

/** The message to show for an urql error: GraphQL errors first, then the transport. */
export function describeError(error: CombinedError | undefined): string | null {
  if (!error) {
    return null;
  }
  const first = error.graphQLErrors[0];
  if (first) {
    return toErrorMessage(first);
  }
  return 'Cannot reach the gateway. Check the connection; the console keeps retrying.';
}

/** An error that names one input field (`extensions.field`), e.g. `BAD_USER_INPUT` or `CONFLICT`. */
export interface FieldError {
  /** The argument or input field, as the schema spells it (`ttlMinutes`, `accentColor`). */
  name: string;
  code: ErrorCode | null;
  /** The message to show beside the field, without the field's own name in front. */
  message: string;
}

/**
 * The first GraphQL error of `error` that names a field, or null. The gateway writes its
 * messages as "<field> must be …"; the field's name is dropped since the message sits beside it.
 */
export function fieldErrorOf(error: CombinedError | undefined): FieldError | null {
  for (const graphQLError of error?.graphQLErrors ?? []) {
    const field = (graphQLError.extensions as { field?: unknown } | undefined)?.field;
    if (typeof field === 'string' && field) {
      const text = toErrorMessage(graphQLError);
      const bare = text.startsWith(`${field} `) ? text.slice(field.length + 1) : text;
      return {
        name: field,
        code: errorCodeOf(graphQLError),
        message: bare.charAt(0).toUpperCase() + bare.slice(1),
      };
    }
  }
  return null;
}
