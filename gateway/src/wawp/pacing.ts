import { sleep } from '../lib/sleep';
import { abortedByCaller, WawpError } from './errors';
import { WAWP_POLL_FLOOR_MS } from './poll-floor';
import type { WawpRoute } from './routes';

/** The reads Wawp's poll floor covers: status and QR, per instance (docs/wawp-contract.md section 4). */
export const FLOORED_ROUTES: ReadonlySet<string> = new Set<WawpRoute>([
  'session/info',
  'auth/qr',
  'auth/qr-image',
]);

/**
 * Who may send the next floored read of a key (`<route>:<instanceId>`), shared by every replica:
 * the gateway's per-process read gates keep the floor inside one process, this keeps it between
 * processes. Implemented on Postgres by the store (`wawp_read_claims`).
 */
export interface WawpReadClaims {
  /**
   * Claims the next read of `key` for this process, held for `holdMs` unless settled sooner:
   * resolves `0` when claimed, else the milliseconds until another claim may succeed.
   */
  claim(key: string, holdMs: number): Promise<number>;
  /** The claimed read of `key` has ended (answered or not): the next may start `floorMs` from now. */
  settle(key: string, floorMs: number): void;
}

/** Options of the client's cross-process pacing (`WawpClientOptions.pacing`). */
export interface WawpPacingOptions {
  claims: WawpReadClaims;
  /** The gap kept between the end of one read of a key and the start of the next. @default WAWP_POLL_FLOOR_MS */
  floorMs?: number;
}

/** How often in a row a read may find its key claimed elsewhere before it gives up. */
const MAX_REFUSALS = 10;
/** The least wait after a refusal, so a claim racing a commit cannot spin. */
const MIN_WAIT_MS = 25;

/** Thrown inside the guard when the key is claimed elsewhere: the slot is freed while waiting. */
class ClaimedElsewhere extends Error {
  constructor(readonly waitMs: number) {
    super('claimed elsewhere');
  }
}

/**
 * Paces floored reads across processes. `run(route, instanceId, enter, sendNow, signal)` makes
 * one attempt: inside the concurrency slot `enter` gives it, it claims the key and then sends;
 * when another process holds the key, the slot is given back, the wait sleeps outside it, and
 * the attempt starts over. A claim is settled once its send ends, so the next read of the key,
 * from any process, starts at least `floorMs` after this one was answered (or `readMs + floorMs`
 * after it was claimed, should this process die meanwhile). With `claimedElsewhere: 'refuse'`, a
 * key held elsewhere fails at once with the local refusal `claimed_elsewhere` instead.
 */
export function createPacing(options: WawpPacingOptions, readMs: number) {
  const floorMs = options.floorMs ?? WAWP_POLL_FLOOR_MS;
  const holdMs = readMs + floorMs;
  const { claims } = options;

  const refused = (route: string, code: string, message: string) =>
    new WawpError({ kind: 'upstream', route, code, message, retryAfterMs: floorMs });

  return async function run<T>(
    route: string,
    instanceId: string,
    enter: (work: () => Promise<T>) => Promise<T>,
    sendNow: () => Promise<T>,
    call: { signal?: AbortSignal; claimedElsewhere?: 'wait' | 'refuse' } = {},
  ): Promise<T> {
    const { signal } = call;
    const key = `${route}:${instanceId}`;
    const claimThenSend = async () => {
      let waitMs: number;
      try {
        waitMs = await claims.claim(key, holdMs);
      } catch {
        throw refused(
          route,
          'pacing_failed',
          `Wawp ${route} skipped: the read could not be coordinated with the other replicas`,
        );
      }
      if (waitMs > 0) {
        throw new ClaimedElsewhere(waitMs);
      }
      try {
        return await sendNow();
      } finally {
        claims.settle(key, floorMs);
      }
    };
    for (let refusals = 1; ; refusals++) {
      try {
        return await enter(claimThenSend);
      } catch (error) {
        if (!(error instanceof ClaimedElsewhere)) {
          throw error;
        }
        if (call.claimedElsewhere === 'refuse') {
          throw refused(
            route,
            'claimed_elsewhere',
            `Wawp ${route} skipped: another replica reads it`,
          );
        }
        if (refusals >= MAX_REFUSALS) {
          throw refused(route, 'paced', `Wawp ${route} skipped: other replicas keep reading it`);
        }
        // a claim still held is usually settled long before its hold runs out: look again by then
        const waitMs = Math.min(floorMs, Math.max(MIN_WAIT_MS, error.waitMs));
        await sleep(waitMs, signal).catch(() => {
          throw abortedByCaller(route);
        });
      }
    }
  };
}

/** The pacing wrapper {@link createPacing} returns. */
export type Pacing = ReturnType<typeof createPacing>;
