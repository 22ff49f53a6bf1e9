import { sleep } from '../lib/sleep';
import { abortedByCaller, WawpError } from './errors';
import { isLocalRefusal } from './guard';

/** Retry settings for idempotent reads. Actions are never retried. */
export interface WawpRetryOptions {
  /** Attempts per read, including the first. @default 3 */
  maxAttempts?: number;
  /**
   * Floor of every retry delay, so a retry never hits the same instance within this time
   * (Wawp asks for at most one poll per instance every 2 s). @default 2_000 // 2 s
   */
  minDelayMs?: number;
  /** Cap of every retry delay, including an honoured `Retry-After`. @default 30_000 // 30 s */
  maxDelayMs?: number;
}

/**
 * True for the failures a read may retry (see docs/wawp-contract.md section 4):
 * 429, 502, 503, 504, timeouts and connection resets. Never 400/401/403/404, 500, 422 (the
 * gateway maps 422 on QR routes to `QR_REFRESHING`), bad bodies or 2xx bodies carrying an error.
 */
export function isRetryable(error: unknown): boolean {
  // the client's own fast refusals: retrying them would only queue more load
  if (!(error instanceof WawpError) || isLocalRefusal(error)) {
    return false;
  }
  if (error.kind === 'rate_limited' || error.kind === 'timeout') {
    return true;
  }
  if (error.kind !== 'upstream') {
    return false;
  }
  return error.httpStatus === undefined || [502, 503, 504].includes(error.httpStatus);
}

/**
 * The delay before retry number `retry` (1-based): exponential from `minDelayMs` with up to 50 %
 * added jitter, at least the `Retry-After` Wawp sent, never below `minDelayMs` nor above
 * `maxDelayMs`. `random` is injectable for tests.
 */
export function retryDelayMs(
  retry: number,
  error: unknown,
  options: Required<WawpRetryOptions>,
  random: () => number = Math.random,
): number {
  const base = options.minDelayMs * 2 ** (retry - 1);
  const jittered = base + random() * (base / 2);
  const asked = error instanceof WawpError ? (error.retryAfterMs ?? 0) : 0;
  return Math.max(options.minDelayMs, Math.min(options.maxDelayMs, Math.max(jittered, asked)));
}

/**
 * Runs `attempt` once, or (when `idempotent`) up to `maxAttempts` times while the failure is
 * {@link isRetryable}. The last failure is rethrown; an abort during a delay throws a `timeout`
 * error with code `aborted`.
 */
export async function withRetry<T>(
  route: string,
  idempotent: boolean,
  options: Required<WawpRetryOptions>,
  attempt: () => Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!idempotent || n >= options.maxAttempts || !isRetryable(error)) {
        throw error;
      }
      await sleep(retryDelayMs(n, error, options), signal).catch(() => {
        throw abortedByCaller(route);
      });
    }
  }
}
