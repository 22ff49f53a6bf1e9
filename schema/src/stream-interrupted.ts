import type { GraphQLError } from 'graphql';
import { ErrorCode, gatewayError } from './errors';

/** Why the gateway ended a stream it could have kept: each is retryable by cursor. */
export type InterruptReason = 'overflow' | 'shutdown' | 'failed' | 'unavailable';

const INTERRUPTIONS: Record<InterruptReason, { message: string; retryAfterMs: number }> = {
  overflow: { message: 'Too far behind; resume after the last cursor received', retryAfterMs: 0 },
  shutdown: {
    message: 'The gateway is restarting; resume after the last cursor received',
    retryAfterMs: 1_000,
  },
  failed: { message: 'The event stream failed; resume by cursor', retryAfterMs: 1_000 },
  unavailable: { message: 'Temporarily unavailable; try again', retryAfterMs: 1_000 },
};

/**
 * The final `STREAM_INTERRUPTED` error of a stream: `extensions.cursor` is the last cursor the
 * client received (`null` before the first), `reason` and `retryAfterMs` tell when to resume.
 */
export function streamInterrupted(reason: InterruptReason, cursor: string | null): GraphQLError {
  const { message, retryAfterMs } = INTERRUPTIONS[reason];
  return gatewayError(ErrorCode.StreamInterrupted, message, { cursor, reason, retryAfterMs });
}
