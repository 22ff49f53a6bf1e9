/** How failed deliveries are retried: exponential backoff with jitter, for up to 24 h. */
export const RETRY = {
  /** The first retry comes after about this long. */
  firstMs: 5_000,
  /** No wait is longer than this. */
  maxMs: 60 * 60_000,
  /** After this long since it was queued, a delivery that still fails is FAILED. */
  giveUpAfterMs: 24 * 60 * 60_000,
  /** An endpoint failing for this long is disabled. */
  disableAfterMs: 3 * 24 * 60 * 60_000,
} as const;

/**
 * The wait before attempt `attempt + 1` (after `attempt` failures): `firstMs` doubling per
 * failure, capped, times a jitter in [0.8, 1.2) so that retries of many deliveries spread out.
 */
export function retryDelayMs(
  attempt: number,
  firstMs: number = RETRY.firstMs,
  random = Math.random,
) {
  const base = Math.min(firstMs * 2 ** Math.max(0, attempt - 1), RETRY.maxMs);
  return Math.round(base * (0.8 + 0.4 * random()));
}
