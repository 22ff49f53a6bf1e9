/** Options of {@link createUpstreamHealth}. */
export interface UpstreamHealthOptions {
  /** Failures within `windowMs`, with no success between them, that make a scope down. @default 3 */
  failuresToDown?: number;
  /** How far back failures count. @default 30_000 // 30 s */
  windowMs?: number;
  /** Successes in a row that make a down scope up again. @default 2 */
  successesToUp?: number;
  now?: () => number;
}

/** One change of an instance's (or of the account calls') health. */
export interface HealthChange {
  /** `null` for calls about no instance (`session/create`). */
  instanceId: string | null;
  healthy: boolean;
  detail: string;
}

interface Scope {
  healthy: boolean;
  failures: number[];
  successes: number;
}

const ACCOUNT = '';

/**
 * Whether Wawp answers, per instance, as the sessions service records each call's outcome. With
 * hysteresis: an instance is down after `failuresToDown` transient failures within `windowMs`
 * (no success between), and up again after `successesToUp` answers in a row, so one failed call
 * or a flapping engine does not flip it each time. Each instance is judged on its own calls, so
 * one tenant's failing engine never marks another's instances down.
 *
 * Wawp as a whole (`healthy()` without an instance, for `/readyz` and the metrics) is down while
 * some scope is down and no call at all has succeeded within `windowMs`.
 */
export function createUpstreamHealth(options: UpstreamHealthOptions = {}) {
  const failuresToDown = options.failuresToDown ?? 3;
  const windowMs = options.windowMs ?? 30_000;
  const successesToUp = options.successesToUp ?? 2;
  const now = options.now ?? Date.now;
  const scopes = new Map<string, Scope>();
  const listeners = new Set<(change: HealthChange) => void>();
  let down = 0;
  let lastSuccessAt = Number.NEGATIVE_INFINITY;

  const scopeOf = (key: string) => {
    let scope = scopes.get(key);
    if (!scope) {
      scope = { healthy: true, failures: [], successes: 0 };
      scopes.set(key, scope);
    }
    return scope;
  };
  const change = (key: string, scope: Scope, healthy: boolean, detail: string) => {
    scope.healthy = healthy;
    down += healthy ? -1 : 1;
    const instanceId = key === ACCOUNT ? null : key;
    for (const listener of listeners) {
      listener({ instanceId, healthy, detail });
    }
  };

  return {
    /** The health of `instanceId`, or of Wawp as a whole when omitted. */
    healthy(instanceId?: string | null): boolean {
      if (instanceId === undefined) {
        return down === 0 || now() - lastSuccessAt < windowMs;
      }
      return scopes.get(instanceId ?? ACCOUNT)?.healthy ?? true;
    },
    /** A transient failure (5xx, timeout, reset, bad body) of a call about `instanceId`. */
    failed(instanceId: string | null, detail: string): void {
      const key = instanceId ?? ACCOUNT;
      const scope = scopeOf(key);
      const at = now();
      scope.successes = 0;
      scope.failures = scope.failures.filter((t) => at - t < windowMs);
      scope.failures.push(at);
      if (scope.healthy && scope.failures.length >= failuresToDown) {
        change(key, scope, false, detail);
      }
    },
    /** Wawp answered a call about `instanceId` (any answer that is not a transient failure). */
    succeeded(instanceId: string | null): void {
      const key = instanceId ?? ACCOUNT;
      lastSuccessAt = now();
      const scope = scopes.get(key);
      if (!scope) {
        return;
      }
      scope.failures = [];
      scope.successes += 1;
      if (!scope.healthy && scope.successes >= successesToUp) {
        change(key, scope, true, 'Wawp answers again');
      }
      if (scope.healthy) {
        scopes.delete(key);
      }
    },
    /** Calls `listener` on every change of an instance's health from now on; returns the off. */
    onChange(listener: (change: HealthChange) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export type UpstreamHealth = ReturnType<typeof createUpstreamHealth>;
