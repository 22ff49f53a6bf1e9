import { ErrorCode, errorCodeOf } from '@wawp-gateway/schema/protocol';

/**
 * The connect page's own sentences for errors. The console's table (lib/errors.ts) speaks to
 * admins about the gateway and its upstream; end users must see neither.
 */
export const CONNECT_MESSAGES = {
  rateLimited: 'Too many codes requested; wait a few minutes, then try again.',
  badNumber: 'This phone number was not accepted. Check it and its country code.',
  notReady: 'WhatsApp is not ready for a code yet; try again in a moment.',
  unreachable: 'We could not reach the server. Check your connection, then try again.',
  startFailed: 'WhatsApp could not be prepared. Try again in a moment.',
  generic: 'Something went wrong. Try again in a moment.',
} as const;

/** The sentence for a failed pairing-code request, from its first error's code. */
export function pairingErrorMessage(errors: readonly unknown[], network: boolean): string {
  const code = errorCodeOf(errors[0]);
  switch (code) {
    case ErrorCode.RateLimited:
      return CONNECT_MESSAGES.rateLimited;
    case ErrorCode.BadUserInput:
      return CONNECT_MESSAGES.badNumber;
    case ErrorCode.SessionNotReady:
      return CONNECT_MESSAGES.notReady;
    default:
      return network && code === null ? CONNECT_MESSAGES.unreachable : CONNECT_MESSAGES.generic;
  }
}
