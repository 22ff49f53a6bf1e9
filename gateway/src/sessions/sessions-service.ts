import {
  type Account,
  ErrorCode,
  gatewayError,
  hasErrorCode,
  type PairingCode,
  type QrCode,
  type Screenshot,
  type SessionState,
} from '@wawp-gateway/schema';
import {
  isLocalRefusal,
  WAWP_POLL_FLOOR_MS,
  type WawpCallOptions,
  type WawpClient,
  WawpError,
} from '../wawp';
import { isClaimedElsewhereRefusal, toGatewayError } from './map-wawp-error';
import { createReadGate } from './read-gate';
import { renderQrDataUrl, toAccount, toSessionState } from './to-domain';
import type { UpstreamHealth } from './upstream-health';
import { waitForSlot } from './wait-for-slot';

export interface SessionsServiceOptions {
  wawp: WawpClient;
  /** Where every call's outcome is recorded, per instance. */
  health: Pick<UpstreamHealth, 'failed' | 'succeeded'>;
  /**
   * The fair-share key of an instance's calls (its owning tenant), so one tenant's calls never
   * take more than half of the Wawp client's slots. @default every call in one share
   */
  shareOf?: (instanceId: string) => Promise<string | undefined>;
  /** Minimum gap between two reads of one instance and route. @default WAWP_POLL_FLOOR_MS */
  floorMs?: number;
}

/** Per-call options: `signal` cancels the caller's interest (a client that disconnected). */
export interface SessionCallOptions {
  signal?: AbortSignal;
}

/** Options of `readSession`. */
export interface SessionReadOptions extends SessionCallOptions {
  /**
   * Wait for a slot instead of failing when the share's queue of Wawp calls is full (see
   * `wait-for-slot.ts`): for reads a caller cannot do without. @default false
   */
  waitForSlot?: boolean;
  /**
   * When another replica is reading this instance's status (`WawpCallOptions.claimedElsewhere`):
   * `'refuse'` fails at once (`isClaimedElsewhereRefusal`), for a caller that will find that
   * replica's answer in the store. Callers sharing the read that did not ask for it read again,
   * waiting. @default 'wait'
   */
  claimedElsewhere?: 'wait' | 'refuse';
}

/** How often a read that shared a refused one (see `claimedElsewhere`) starts its own. */
const REREADS_AFTER_REFUSAL = 3;

/** A `session/info` answer, and whether this call is the one that read it from Wawp. */
export interface SessionRead {
  state: SessionState;
  /**
   * True for the one caller whose call went to Wawp; callers that shared its answer (single
   * flight, cache, the stale fallback) get `false`. Whoever read it reports it to the event hub.
   */
  fresh: boolean;
}

/** A session action the gateway sends to Wawp. */
export type SessionAction = 'start' | 'stop' | 'restart' | 'logout';

const transient = new Set(['upstream', 'timeout', 'bad_response']);

/** How one call's outcome counts for health: only Wawp's own answers count, never our refusals. */
const outcomeOf = (error: unknown): 'failed' | 'answered' | 'none' => {
  if (!(error instanceof WawpError) || isLocalRefusal(error)) {
    return 'none';
  }
  return transient.has(error.kind) ? 'failed' : 'answered';
};

/**
 * The gateway's reads and actions against Wawp, and nothing else: every `session/info`, QR,
 * `session/me` and screenshot read is single-flighted, cached for the poll floor and never sent
 * twice within it for one instance. It returns what it read and calls nobody back; whoever reads
 * reports to the hub. A caller that passes a signal and leaves gives up its interest: a shared
 * read is cancelled once nobody waits for it, an action still queued is never sent.
 */
export function createSessionsService(options: SessionsServiceOptions) {
  const { wawp, health } = options;
  const floorMs = options.floorMs ?? WAWP_POLL_FLOOR_MS;
  const infoGate = createReadGate<SessionState>({ floorMs });
  const qrGate = createReadGate<QrCode>({ floorMs });
  const meGate = createReadGate<Account | null>({ floorMs });
  const screenshotGate = createReadGate<Screenshot | null>({ floorMs });
  /** What an action or a deletion makes out of date (the floor itself is kept). */
  const forgetDerived = (instanceId: string) => {
    qrGate.invalidate(instanceId);
    meGate.invalidate(instanceId);
    screenshotGate.invalidate(instanceId);
  };

  const call = async <T>(
    instanceId: string | null,
    fn: (options: WawpCallOptions) => Promise<T>,
    signal?: AbortSignal,
  ): Promise<T> => {
    try {
      const share = instanceId === null ? undefined : await options.shareOf?.(instanceId);
      const result = await fn({ signal, share });
      health.succeeded(instanceId);
      return result;
    } catch (error) {
      const outcome = outcomeOf(error);
      if (outcome === 'failed') {
        const { kind, route } = error as WawpError;
        health.failed(instanceId, `Wawp ${kind} on ${route}`);
      } else if (outcome === 'answered') {
        health.succeeded(instanceId);
      }
      throw toGatewayError(error, instanceId);
    }
  };

  const readSessionOnce = async (
    instanceId: string,
    maxAgeMs: number,
    opts: SessionReadOptions,
    rereads = 0,
  ): Promise<SessionRead> => {
    const { claimedElsewhere } = opts;
    let fresh = false;
    try {
      const state = await infoGate.read(
        instanceId,
        async (signal) => {
          fresh = true;
          // Dated when sent: the answer may describe any moment until it arrives, and a webhook
          // Wawp emitted meanwhile must count as newer than it.
          const sentAt = new Date();
          const session = await call(
            instanceId,
            (o) => wawp.getSessionInfo(instanceId, { ...o, claimedElsewhere }),
            signal,
          );
          return { ...toSessionState(instanceId, session, sentAt), answeredAt: new Date() };
        },
        maxAgeMs,
        opts.signal,
      );
      return { state, fresh };
    } catch (error) {
      if (isClaimedElsewhereRefusal(error)) {
        if (claimedElsewhere === 'refuse') {
          throw error;
        }
        if (rereads < REREADS_AFTER_REFUSAL) {
          // shared a read whose starter could do without it: read again, waiting this time
          return readSessionOnce(instanceId, maxAgeMs, opts, rereads + 1);
        }
      }
      // Wawp (or the way to it) failed: the last known state, marked stale, beats an error.
      const cached = infoGate.peek(instanceId);
      if (cached && hasErrorCode(error, ErrorCode.UpstreamUnavailable)) {
        return { state: { ...cached.data, stale: true }, fresh: false };
      }
      throw error;
    }
  };

  const readSession = (
    instanceId: string,
    maxAgeMs = floorMs,
    opts: SessionReadOptions = {},
  ): Promise<SessionRead> =>
    opts.waitForSlot
      ? waitForSlot.execute(() => readSessionOnce(instanceId, maxAgeMs, opts), opts.signal)
      : readSessionOnce(instanceId, maxAgeMs, opts);

  const fetchQr = (instanceId: string, signal?: AbortSignal) =>
    qrGate.read(
      instanceId,
      async (shared) => {
        const qr = await call(instanceId, (o) => wawp.getQr(instanceId, o), shared);
        return {
          value: qr.value,
          imageDataUrl: await renderQrDataUrl(qr.value),
          expiresAt: qr.expiresAt,
        };
      },
      0,
      signal,
    );

  const actions: Record<
    SessionAction,
    (instanceId: string, o: WawpCallOptions) => ReturnType<WawpClient['startSession']>
  > = {
    start: (instanceId, o) => wawp.startSession(instanceId, o),
    stop: (instanceId, o) => wawp.stopSession(instanceId, o),
    restart: (instanceId, o) => wawp.restartSession(instanceId, o),
    logout: (instanceId, o) => wawp.logoutSession(instanceId, o),
  };

  return {
    /** Reads `session/info` unless a read younger than `maxAgeMs` (default: the floor) exists. */
    readSession,
    /**
     * The current QR of a session the caller saw in SCAN_QR_CODE: the cached one until shortly
     * before it expires, else a fresh one. Throws `QR_REFRESHING` while Wawp rotates the code.
     */
    async readQrCode(instanceId: string, opts: SessionCallOptions = {}): Promise<QrCode> {
      const cached = qrGate.peek(instanceId)?.data;
      if (
        cached &&
        (cached.expiresAt === null || cached.expiresAt.getTime() > Date.now() + 1_000)
      ) {
        return cached;
      }
      for (let attempt = 0; ; attempt++) {
        try {
          return await fetchQr(instanceId, opts.signal);
        } catch (error) {
          if (!hasErrorCode(error, ErrorCode.SessionNotReady)) {
            throw error;
          }
          if (attempt >= 1) {
            throw gatewayError(ErrorCode.QrRefreshing, 'Wawp is generating a fresh QR code', {
              retryAfterMs: Math.max(floorMs, qrGate.waitMs(instanceId)),
            });
          }
        }
      }
    },
    /** `session/me`: the linked account of a WORKING session (shared and cached for the floor). */
    readMe: (instanceId: string, opts: SessionCallOptions = {}): Promise<Account | null> =>
      meGate.read(
        instanceId,
        async (signal) =>
          toAccount(await call(instanceId, (o) => wawp.getMe(instanceId, o), signal)),
        floorMs,
        opts.signal,
      ),
    /**
     * `null` where the engine has no screenshot (no route on this plan, or not for this status).
     * Shared and cached for the floor: ten aliases, or a thousand callers, are one Wawp call.
     */
    readScreenshot: (
      instanceId: string,
      opts: SessionCallOptions = {},
    ): Promise<Screenshot | null> =>
      screenshotGate.read(
        instanceId,
        async (signal) => {
          try {
            const shot = await call(instanceId, (o) => wawp.getScreenshot(instanceId, o), signal);
            return {
              mimeType: shot.mimeType,
              dataUrl: `data:${shot.mimeType};base64,${shot.dataBase64}`,
              takenAt: new Date(),
            };
          } catch (error) {
            // The instance itself was checked before, so a 404 means no screenshot route.
            if (hasErrorCode(error, ErrorCode.SessionNotReady, ErrorCode.NotFound)) {
              return null;
            }
            throw error;
          }
        },
        floorMs,
        opts.signal,
      ),
    /** Sends `action` and returns the state Wawp answered with (always read fresh). */
    async act(
      instanceId: string,
      action: SessionAction,
      opts: SessionCallOptions = {},
    ): Promise<SessionState> {
      forgetDerived(instanceId);
      const sentAt = new Date();
      const session = await call(instanceId, (o) => actions[action](instanceId, o), opts.signal);
      const state = { ...toSessionState(instanceId, session, sentAt), answeredAt: new Date() };
      infoGate.put(instanceId, state);
      return state;
    },
    /** `auth/request-code` for a session in SCAN_QR_CODE; `phoneNumber` in international digits. */
    async requestCode(
      instanceId: string,
      phoneNumber: string,
      opts: SessionCallOptions = {},
    ): Promise<PairingCode> {
      const { code } = await call(
        instanceId,
        (o) => wawp.requestCode(instanceId, phoneNumber, o),
        opts.signal,
      );
      return { code, expiresAt: null };
    },
    /** Wawp `session/create`: returns the new instance id. */
    async createUpstream(): Promise<string> {
      const created = await call(null, (o) => wawp.createSession(o));
      return created.instanceId;
    },
    /** Wawp `session/logout` (best effort) then `session/delete`. */
    async deleteUpstream(instanceId: string): Promise<void> {
      // Wawp's advice: log the device out before deleting, so the phone is unlinked cleanly.
      await call(instanceId, (o) => wawp.logoutSession(instanceId, o)).catch(() => undefined);
      await call(instanceId, (o) => wawp.deleteSession(instanceId, o));
      infoGate.delete(instanceId);
      qrGate.delete(instanceId);
      meGate.delete(instanceId);
      screenshotGate.delete(instanceId);
    },
    /** Records state learned from a webhook, so reads within the floor see it. */
    remember: (state: SessionState) => infoGate.put(state.instanceId, state),
    /** Forgets the cached QR (a webhook announced a rotation). */
    forgetQrCode: (instanceId: string) => qrGate.invalidate(instanceId),
    /**
     * The `session/info` state this service holds for `instanceId` (its last read, an action's
     * answer or a webhook's news) and its age, without calling Wawp; `null` when none is held.
     */
    peekSession: (instanceId: string): { state: SessionState; ageMs: number } | null => {
      const held = infoGate.peek(instanceId);
      return held ? { state: held.data, ageMs: held.ageMs } : null;
    },
    /** Milliseconds until the next `session/info` read of `instanceId` may be sent. */
    nextReadInMs: (instanceId: string) => infoGate.waitMs(instanceId),
    /** The floor this service keeps between two reads of one instance. */
    floorMs,
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
