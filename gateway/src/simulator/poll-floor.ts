import { rateLimited } from './errors';

export type PollFloor = ReturnType<typeof createPollFloor>;

/**
 * The optional 2 s poll floor (docs/wawp-contract.md section 4): with `floorMs > 0`, a second status or QR
 * read of one instance within `floorMs` (wall clock, not scaled) gets 429 with `Retry-After`.
 * Rejected reads do not move the window.
 */
export function createPollFloor(floorMs: number) {
  const lastRead = new Map<string, number>();
  return {
    check(instanceId: string) {
      if (floorMs <= 0) {
        return;
      }
      const now = Date.now();
      const last = lastRead.get(instanceId);
      if (last !== undefined && now - last < floorMs) {
        const retryAfterS = Math.max(1, Math.ceil((floorMs - (now - last)) / 1000));
        throw rateLimited(retryAfterS, `Poll at most every ${floorMs / 1000} s per instance`);
      }
      lastRead.set(instanceId, now);
    },
    forget(instanceId: string) {
      lastRead.delete(instanceId);
    },
  };
}
