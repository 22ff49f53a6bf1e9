import type { SimDeps } from './deps';
import { invalidInstance, statusGate } from './errors';
import type { Instance, SessionStatus } from './types';

/** WAHA's `waitUntilStatus` (see docs/wawp-contract.md section 3), simulated ms. */
export const GATE = { pollMs: 500, maxWaitMs: 5_000 } as const;

/**
 * Resolves once `instance` is in one of `expected`, polling like WAHA does; throws the 422 gate
 * error when the wait runs out, or 404 when the instance is deleted meanwhile.
 */
export async function waitForStatus(
  deps: SimDeps,
  instance: Instance,
  expected: readonly SessionStatus[],
): Promise<void> {
  const deadline = Date.now() + deps.scheduler.scale(GATE.maxWaitMs);
  while (!expected.includes(instance.status)) {
    if (Date.now() >= deadline || deps.scheduler.disposed) {
      throw statusGate(instance.sessionName, instance.status, expected);
    }
    await deps.scheduler.sleep(GATE.pollMs);
    if (deps.store.get(instance.id) !== instance) {
      throw invalidInstance(instance.id);
    }
  }
}
