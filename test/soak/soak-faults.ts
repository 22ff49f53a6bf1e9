import type { SimControl } from '../utils/simulator-control';

/** The faults the soak injects, in turn, each on one random instance and expiring by `times`. */
const FAULTS: { kind: string; rule: Record<string, unknown> }[] = [
  { kind: '5xx burst', rule: { errorStatus: 503, times: 6 } },
  { kind: 'connection reset', rule: { reset: true, times: 3 } },
  { kind: 'malformed JSON', rule: { route: 'session/info', malformedJson: true, times: 3 } },
  { kind: 'webhook dropped', rule: { webhookDrop: true, times: 2 } },
  { kind: 'webhook delayed', rule: { webhookDelayMs: 1_500, times: 3 } },
  { kind: 'webhooks reordered', rule: { webhookReorder: true, times: 4 } },
  { kind: '5xx burst', rule: { errorStatus: 500, times: 4 } },
];

/** A running {@link startFaults}. */
export interface FaultInjector {
  /** Stops injecting and removes every rule still active. */
  stop(): Promise<void>;
  /** Faults injected, by kind. */
  counts(): Record<string, number>;
}

/**
 * Every `everyMs`, posts the next fault of the rotation to `POST /_sim/faults`, scoped to a
 * random instance of `instanceIds` (every fifth one to all instances at once).
 */
export function startFaults(
  sim: SimControl,
  instanceIds: readonly string[],
  everyMs: number,
): FaultInjector {
  const counts: Record<string, number> = {};
  let next = 0;
  let failures = 0;
  const inject = async () => {
    const fault = FAULTS[next % FAULTS.length] as (typeof FAULTS)[number];
    const everywhere = next % 5 === 4;
    next += 1;
    const instanceId = instanceIds[Math.floor(Math.random() * instanceIds.length)];
    const rule = everywhere ? fault.rule : { ...fault.rule, instanceId };
    const answer = await sim.fault(rule).catch(() => ({ status: 0 }));
    if (answer.status === 200) {
      counts[fault.kind] = (counts[fault.kind] ?? 0) + 1;
    } else {
      failures += 1;
    }
  };
  const timer = setInterval(() => void inject(), everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await sim.clearFaults();
    },
    counts: () => ({ ...counts, ...(failures > 0 ? { 'failed to inject': failures } : {}) }),
  };
}
