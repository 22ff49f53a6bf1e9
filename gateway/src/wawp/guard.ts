import {
  BrokenCircuitError,
  CircuitState,
  circuitBreaker,
  handleWhen,
  SamplingBreaker,
  TaskCancelledError,
} from 'cockatiel';
import { abortedByCaller, WawpError } from './errors';
import { createFairShare, FairShareAbortedError, FairShareFullError } from './fair-share';

/** Circuit breaker settings, for the breaker of each instance (and one for account calls). */
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

/** Who a call is made for: the breaker it counts against and the share it queues in. */
export interface GuardScope {
  /** The instance the call is about; `null` for account calls (`session/create`). */
  instanceId: string | null;
  /** The fair-share key (the owning tenant); calls without one share one default key. */
  share?: string;
}

/** Codes of the guard's own refusals: the gateway said no, Wawp was never asked. */
export const LOCAL_REFUSALS: ReadonlySet<string> = new Set([
  'circuit_open',
  'bulkhead_full',
  'aborted',
  // pacing between replicas (see pacing.ts): another one kept the read, or the claim failed
  'paced',
  'pacing_failed',
  'claimed_elsewhere',
]);

/** True for an error the gateway made up itself (open breaker, full bulkhead, pacing, caller abort). */
export const isLocalRefusal = (error: unknown): boolean =>
  error instanceof WawpError && LOCAL_REFUSALS.has(error.code ?? '');

/**
 * True for failures that say "Wawp is unhealthy": 5xx, timeouts, connection resets and bad
 * bodies. 4xx never counts: one tenant's bad token or instance must not open it for everyone.
 */
export function countsAgainstBreaker(error: Error): boolean {
  if (!(error instanceof WawpError) || isLocalRefusal(error)) {
    return false;
  }
  if (error.kind === 'timeout' || error.kind === 'bad_response') {
    return true;
  }
  return error.kind === 'upstream' && (error.httpStatus === undefined || error.httpStatus >= 500);
}

const ACCOUNT_SCOPE = '';
const DEFAULT_SHARE = '';
/** Closed breakers are forgotten past this many, so instance churn cannot grow memory. */
const MAX_IDLE_BREAKERS = 10_000;

const STATES: Record<CircuitState, WawpBreakerState> = {
  [CircuitState.Closed]: 'closed',
  [CircuitState.Open]: 'open',
  [CircuitState.HalfOpen]: 'half-open',
  [CircuitState.Isolated]: 'open',
};

/**
 * Builds the client's guard. `guard(route, scope, fn, signal)` runs one attempt through:
 *
 * 1. **the breaker of its instance** (cockatiel 3.2.1; account calls share one): failures
 *    concentrated on one instance open only that instance's breaker;
 * 2. **the fair share** ({@link createFairShare}): `concurrency` calls in flight, at most half of
 *    them for one share (the owning tenant), `4 × concurrency` waiting per share, freed slots
 *    handed to the shares in turn: one tenant never holds more than half while others wait.
 *
 * Fast rejections become `upstream` errors with code `circuit_open` (with `retryAfterMs` until
 * the next probe) or `bulkhead_full`; a caller's abort becomes `timeout` with code `aborted`.
 * None of them counts as a Wawp failure.
 */
export function createGuard(breakerOptions: WawpBreakerOptions = {}, concurrency = 8) {
  const halfOpenAfter = breakerOptions.halfOpenAfterMs ?? 30_000;
  const windowMs = breakerOptions.windowMs ?? 10_000;
  const slots = createFairShare({ concurrency, queuePerShare: concurrency * 4 });
  const breakers = new Map<
    string,
    { policy: ReturnType<typeof circuitBreaker>; openedAt: number }
  >();

  const breakerFor = (key: string) => {
    let entry = breakers.get(key);
    if (!entry) {
      if (breakers.size >= MAX_IDLE_BREAKERS) {
        for (const [k, e] of breakers) {
          if (e.policy.state === CircuitState.Closed) {
            breakers.delete(k);
          }
        }
      }
      const policy = circuitBreaker(handleWhen(countsAgainstBreaker), {
        halfOpenAfter,
        breaker: new SamplingBreaker({
          // cockatiel opens when failures exceed threshold × total; nudge it so "at or above" holds.
          threshold: Math.max(1e-6, (breakerOptions.threshold ?? 0.5) - 1e-9),
          duration: windowMs,
          minimumRps: (breakerOptions.minimumCalls ?? 10) / (windowMs / 1000),
        }),
      });
      const created = { policy, openedAt: 0 };
      policy.onBreak(() => {
        created.openedAt = Date.now();
      });
      entry = created;
      breakers.set(key, entry);
    }
    return entry;
  };

  async function guard<T>(
    route: string,
    scope: GuardScope,
    fn: () => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> {
    const breaker = breakerFor(scope.instanceId ?? ACCOUNT_SCOPE);
    const share = scope.share ?? DEFAULT_SHARE;
    try {
      return await breaker.policy.execute(() => slots.run(share, fn, signal), signal);
    } catch (error) {
      const fail = (code: string, message: string, retryAfterMs?: number) =>
        new WawpError({ kind: 'upstream', route, code, message, retryAfterMs });
      if (error instanceof BrokenCircuitError) {
        const wait = Math.max(0, breaker.openedAt + halfOpenAfter - Date.now());
        throw fail('circuit_open', `Wawp ${route} skipped: the circuit breaker is open`, wait);
      }
      if (error instanceof FairShareFullError) {
        throw fail('bulkhead_full', `Wawp ${route} skipped: too many calls in flight`);
      }
      if (error instanceof TaskCancelledError || error instanceof FairShareAbortedError) {
        throw abortedByCaller(route);
      }
      throw error;
    }
  }

  return {
    guard,
    /** The breaker of `instanceId` (or of account calls, when omitted). */
    breakerState(instanceId?: string | null): WawpBreakerState {
      const entry = breakers.get(instanceId ?? ACCOUNT_SCOPE);
      return entry ? STATES[entry.policy.state] : 'closed';
    },
    /** Calls in flight right now, across every share. */
    get inFlight(): number {
      return slots.running;
    },
  };
}
