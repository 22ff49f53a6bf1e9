import { ErrorCode, gatewayError } from '@wawp-gateway/schema';
import type { GraphQLError } from 'graphql';
import { WAWP_POLL_FLOOR_MS, WawpError } from '../wawp';
import { toSessionStatus } from './to-domain';

/** How long clients should wait after an upstream outage before retrying. */
const UPSTREAM_RETRY_MS = 5_000;
/** How long clients should wait when the gateway's own queue of Wawp calls was full. */
const QUEUE_FULL_RETRY_MS = 1_000;

/** What the gateway says when it did not send a read to keep the poll floor between replicas. */
const PACING_MESSAGES: Partial<Record<string, string>> = {
  paced: 'Other gateway replicas kept reading this session from Wawp; try again shortly',
  pacing_failed:
    'The gateway could not coordinate this Wawp read with its other replicas; try again shortly',
  claimed_elsewhere: 'Another gateway replica is reading this session from Wawp',
};

/** Refusals a caller may act on, by the mapped error they became. */
const refusals = new WeakMap<object, 'queue_full' | 'claimed_elsewhere'>();
const refusalOf = (error: unknown) =>
  typeof error === 'object' && error !== null ? refusals.get(error) : undefined;

/**
 * True when `error` is the gateway's own refusal of a Wawp call because its share (tenant)
 * already had the most calls waiting: Wawp was never asked, so trying again soon costs it nothing.
 */
export const isQueueFullRefusal = (error: unknown): boolean => refusalOf(error) === 'queue_full';

/**
 * True when `error` refused a read because another replica is reading the same status (asked
 * for with `claimedElsewhere: 'refuse'`): its answer reaches the store shortly.
 */
export const isClaimedElsewhereRefusal = (error: unknown): boolean =>
  refusalOf(error) === 'claimed_elsewhere';

/**
 * Translates a Wawp client failure into the gateway's error table (`ErrorCode` in `schema/src/protocol/error-codes.ts`).
 * Messages are written here, never copied from upstream bodies, so nothing upstream leaks.
 */
export function toGatewayError(error: unknown, instanceId: string | null): GraphQLError | unknown {
  if (!(error instanceof WawpError)) {
    return error;
  }
  if (error.code === 'bulkhead_full') {
    const refusal = gatewayError(
      ErrorCode.UpstreamUnavailable,
      'The gateway has too many Wawp calls waiting; try again shortly',
      { retryAfterMs: QUEUE_FULL_RETRY_MS },
    );
    refusals.set(refusal, 'queue_full');
    return refusal;
  }
  const pacing = PACING_MESSAGES[error.code ?? ''];
  if (pacing) {
    const refusal = gatewayError(ErrorCode.UpstreamUnavailable, pacing, {
      retryAfterMs: error.retryAfterMs ?? WAWP_POLL_FLOOR_MS,
    });
    if (error.code === 'claimed_elsewhere') {
      refusals.set(refusal, 'claimed_elsewhere');
    }
    return refusal;
  }
  switch (error.kind) {
    case 'not_found':
      return gatewayError(ErrorCode.NotFound, 'Instance not found.');
    case 'auth':
      return gatewayError(
        ErrorCode.UpstreamAuthFailed,
        'Wawp rejected the gateway credentials; an operator must check WAWP_ACCESS_TOKEN',
      );
    case 'status_gate': {
      const status = error.sessionStatus ? toSessionStatus(error.sessionStatus) : undefined;
      return gatewayError(
        ErrorCode.SessionNotReady,
        `The session${instanceId ? ` ${instanceId}` : ''} is not ready for this operation${status ? ` (status ${status})` : ''}`,
        status ? { status } : {},
      );
    }
    case 'rate_limited':
      return gatewayError(ErrorCode.RateLimited, 'Wawp asked the gateway to slow down', {
        retryAfterMs: error.retryAfterMs ?? WAWP_POLL_FLOOR_MS,
      });
    case 'bad_request':
      return gatewayError(ErrorCode.BadUserInput, 'Wawp rejected the request as invalid');
    case 'forbidden':
      return gatewayError(
        ErrorCode.Forbidden,
        error.code === 'quota_reached'
          ? 'The Wawp account has reached its instance quota'
          : 'The Wawp plan does not allow this operation',
      );
    default:
      return gatewayError(ErrorCode.UpstreamUnavailable, 'Wawp is unavailable; try again shortly', {
        retryAfterMs: error.retryAfterMs ?? UPSTREAM_RETRY_MS,
      });
  }
}
