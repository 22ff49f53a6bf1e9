import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  CircuitState,
  circuitBreaker,
  handleWhen,
  SamplingBreaker,
  TaskCancelledError,
} from 'cockatiel';
import { WawpError } from './errors';

/** Circuit breaker settings (one breaker per client, that is per upstream host). */
export interface WawpBreakerOptions {
  /** Failure share (0–1) at or above which the breaker opens. @default 0.5 */
  threshold?: number;
  /** Calls needed in the window before the breaker may open. @default 10 */
  minimumCalls?: number;
  /** Sampling window. @default 10_000 // 10 s */
  windowMs?: number;
  /** How long the breaker stays open before one probe call goes through. @default 30_000 // 30 s */
  halfOpenAfterMs?: number;
}

/** The breaker state as the client reports it. */
export type WawpBreakerState = 'closed' | 'open' | 'half-open';

/**
 * True for failures that say "Wawp is unhealthy": 5xx, timeouts, connection resets and bad
 * bodies. 4xx never counts: one tenant's bad token or instance must not open it for everyone.
 */
export function countsAgainstBreaker(error: Error): boolean {
  if (!(error instanceof WawpError) || error.code === 'aborted') {
    return false;
  }
  if (error.kind === 'timeout' || error.kind === 'bad_response') {
    return true;
  }
  return error.kind === 'upstream' && (error.httpStatus === undefined || error.httpStatus >= 500);
}

/**
 * Builds the client's shared breaker and bulkhead (cockatiel 3.2.1). `guard(route, fn, signal)`
 * runs one attempt through the breaker, then the bulkhead (`concurrency` in flight, 4x that
 * queued), and turns their fast rejections into `upstream` errors with code `circuit_open`
 * (with `retryAfterMs` until the next probe) or `bulkhead_full`.
 */
export function createGuard(breakerOptions: WawpBreakerOptions = {}, concurrency = 8) {
  const halfOpenAfter = breakerOptions.halfOpenAfterMs ?? 30_000;
  const windowMs = breakerOptions.windowMs ?? 10_000;
  const breaker = circuitBreaker(handleWhen(countsAgainstBreaker), {
    halfOpenAfter,
    breaker: new SamplingBreaker({
      // cockatiel opens when failures exceed threshold × total; nudge it so "at or above" holds.
      threshold: Math.max(1e-6, (breakerOptions.threshold ?? 0.5) - 1e-9),
      duration: windowMs,
      minimumRps: (breakerOptions.minimumCalls ?? 10) / (windowMs / 1000),
    }),
  });
  const limiter = bulkhead(concurrency, concurrency * 4);
  let openedAt = 0;
  breaker.onBreak(() => {
    openedAt = Date.now();
  });

  async function guard<T>(route: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    try {
      return await breaker.execute(() => limiter.execute(fn, signal), signal);
    } catch (error) {
      const fail = (code: string, message: string, retryAfterMs?: number) =>
        new WawpError({ kind: 'upstream', route, code, message, retryAfterMs });
      if (error instanceof BrokenCircuitError) {
        const wait = Math.max(0, openedAt + halfOpenAfter - Date.now());
        throw fail('circuit_open', `Wawp ${route} skipped: the circuit breaker is open`, wait);
      }
      if (error instanceof BulkheadRejectedError) {
        throw fail('bulkhead_full', `Wawp ${route} skipped: too many calls in flight`);
      }
      if (error instanceof TaskCancelledError) {
        throw new WawpError({
          kind: 'timeout',
          route,
          code: 'aborted',
          message: `Wawp ${route} was aborted by the caller`,
        });
      }
      throw error;
    }
  }

  const states: Record<CircuitState, WawpBreakerState> = {
    [CircuitState.Closed]: 'closed',
    [CircuitState.Open]: 'open',
    [CircuitState.HalfOpen]: 'half-open',
    [CircuitState.Isolated]: 'open',
  };
  return {
    guard,
    get breakerState(): WawpBreakerState {
      return states[breaker.state];
    },
  };
}
