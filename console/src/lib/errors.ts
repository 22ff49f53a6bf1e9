import type { CombinedError } from '@urql/core';

/** The gateway's `extensions.code` values (ARCHITECTURE.md section 9). */
export type GatewayErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'BAD_USER_INPUT'
  | 'SESSION_NOT_READY'
  | 'QR_REFRESHING'
  | 'RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_AUTH_FAILED'
  | 'INTERNAL';

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

/** One human sentence per code: the single table every screen uses. */
export const ERROR_MESSAGES: Record<GatewayErrorCode, (ext: ErrorExtensions) => string> = {
  UNAUTHENTICATED: () => 'Signed out: the gateway did not accept this key.',
  FORBIDDEN: () => 'This key is not allowed to do that; an admin key is needed.',
  NOT_FOUND: () => 'No such instance, or it belongs to another tenant.',
  BAD_USER_INPUT: () => 'The gateway rejected the input.',
  SESSION_NOT_READY: (ext) =>
    typeof ext.status === 'string'
      ? `The session is ${ext.status}; this action needs another status.`
      : 'The session is not in the right status for this action.',
  QR_REFRESHING: (ext) => `WhatsApp is generating a fresh QR code.${seconds(ext.retryAfterMs)}`,
  RATE_LIMITED: (ext) => `Too many requests.${seconds(ext.retryAfterMs)}`,
  UPSTREAM_UNAVAILABLE: (ext) => `Wawp is not answering right now.${seconds(ext.retryAfterMs)}`,
  UPSTREAM_AUTH_FAILED: () =>
    'Wawp rejected the gateway’s access token; an operator must fix the gateway configuration.',
  INTERNAL: () => 'Something went wrong in the gateway. It has been logged.',
};

const isCode = (code: unknown): code is GatewayErrorCode =>
  typeof code === 'string' && Object.hasOwn(ERROR_MESSAGES, code);

/** The human message for one GraphQL error; `BAD_USER_INPUT` keeps the gateway's own reason. */
export function toErrorMessage(error: { message: string; extensions?: ErrorExtensions }): string {
  const ext = error.extensions ?? {};
  if (!isCode(ext.code)) {
    return error.message || ERROR_MESSAGES.INTERNAL(ext);
  }
  if (ext.code === 'BAD_USER_INPUT' && error.message) {
    return error.message;
  }
  return ERROR_MESSAGES[ext.code](ext);
}

/** The first gateway code in an urql error, if any. */
export function errorCodeOf(error: CombinedError | undefined): GatewayErrorCode | null {
  const code = error?.graphQLErrors.find((e) => isCode(e.extensions.code))?.extensions.code;
  return isCode(code) ? code : null;
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
