import { type TokenBucket, takeToken } from './key-rate-limit';

/** Options of {@link createMessageRate}. */
export interface MessageRateOptions {
  /** Messages allowed per second, sustained. */
  perSecond: number;
  /** Messages allowed at once (a client opening its subscriptions right after the handshake). */
  burst: number;
  now?: () => number;
}

/**
 * A token bucket for one socket's inbound messages (the formula of `key-rate-limit.ts`):
 * `take()` is `false` once the client sends faster than `perSecond` for longer than `burst`
 * allows.
 */
export function createMessageRate(options: MessageRateOptions) {
  const now = options.now ?? Date.now;
  const bucket: TokenBucket = { tokens: options.burst, at: now() };
  return {
    take: (): boolean => takeToken(bucket, options, now()) === 0,
  };
}
