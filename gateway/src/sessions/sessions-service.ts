import {
  ErrorCode,
  gatewayError,
  type PairingCode,
  type QrCode,
  type Screenshot,
  type SessionState,
  type SessionsPort,
} from '@wawp-gateway/schema';
import { type WawpClient, WawpError } from '../wawp';
import { toGatewayError } from './map-wawp-error';
import { createReadGate } from './read-gate';
import { renderQrDataUrl, toAccount, toSessionState } from './to-domain';
import { createUpstreamHealth } from './upstream-health';

/** Where an observation of session state came from. */
export type ObservationSource = 'POLL' | 'GATEWAY';

export interface SessionsServiceOptions {
  wawp: WawpClient;
  /** Called with every state read from (or returned by) Wawp; the event hub diffs these. */
  onObserved?: (state: SessionState, source: ObservationSource) => void;
  /** Called when Wawp stops answering and when it recovers. */
  onHealthChange?: (healthy: boolean, detail: string | null) => void;
  /** Minimum gap between two reads of one instance and route. @default 2_000 // 2 s */
  floorMs?: number;
  /** How long `requestPairingCode` waits for a started session to show a QR. @default 30_000 */
  pairingWaitMs?: number;
}

const transient = new Set(['upstream', 'timeout', 'bad_response']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The gateway's `SessionsPort` over the Wawp client: every read is single-flighted, cached for the
 * poll floor and never sent twice within it for one instance; every answer is reported to the hub.
 */
export function createSessionsService(options: SessionsServiceOptions) {
  const { wawp } = options;
  const floorMs = options.floorMs ?? 2_000;
  const infoGate = createReadGate<SessionState>({ floorMs });
  const qrGate = createReadGate<QrCode>({ floorMs });
  const health = createUpstreamHealth(options.onHealthChange);

  const call = async <T>(instanceId: string | null, fn: () => Promise<T>): Promise<T> => {
    try {
      const result = await fn();
      health.succeeded();
      return result;
    } catch (error) {
      if (error instanceof WawpError && transient.has(error.kind)) {
        health.failed(`Wawp ${error.kind} on ${error.route}`);
      } else if (error instanceof WawpError) {
        health.succeeded();
      }
      throw toGatewayError(error, instanceId);
    }
  };

  const observe = (state: SessionState, source: ObservationSource) => {
    infoGate.put(state.instanceId, state);
    options.onObserved?.(state, source);
    return state;
  };

  const readInfo = (instanceId: string, maxAgeMs: number) =>
    infoGate.read(
      instanceId,
      async () => {
        // Dated when sent: the answer may describe any moment until it arrives, and a webhook
        // Wawp emitted meanwhile must count as newer than it.
        const sentAt = new Date();
        const session = await call(instanceId, () => wawp.getSessionInfo(instanceId));
        const state = toSessionState(instanceId, session, sentAt);
        options.onObserved?.(state, 'POLL');
        return state;
      },
      maxAgeMs,
    );

  const act = async (
    instanceId: string,
    fn: () => Promise<Parameters<typeof toSessionState>[1]>,
  ) => {
    qrGate.invalidate(instanceId);
    const sentAt = new Date();
    const session = await call(instanceId, fn);
    return observe(toSessionState(instanceId, session, sentAt), 'GATEWAY');
  };

  const getSession = async (instanceId: string, maxAgeMs = floorMs): Promise<SessionState> => {
    try {
      return await readInfo(instanceId, maxAgeMs);
    } catch (error) {
      const cached = infoGate.peek(instanceId);
      if (cached && !health.healthy()) {
        return { ...cached.data, stale: true };
      }
      throw error;
    }
  };

  const fetchQr = (instanceId: string) =>
    qrGate.read(
      instanceId,
      async () => {
        const qr = await call(instanceId, () => wawp.getQr(instanceId));
        return {
          value: qr.value,
          imageDataUrl: await renderQrDataUrl(qr.value),
          expiresAt: qr.expiresAt,
        };
      },
      0,
    );

  const getQrCode = async (instanceId: string): Promise<QrCode | null> => {
    const session = await getSession(instanceId);
    if (session.status !== 'SCAN_QR_CODE') {
      return null;
    }
    const cached = qrGate.peek(instanceId)?.data;
    if (cached && (cached.expiresAt === null || cached.expiresAt.getTime() > Date.now() + 1_000)) {
      return cached;
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await fetchQr(instanceId);
      } catch (error) {
        const refreshing = (error as { extensions?: { code?: string } }).extensions?.code;
        if (refreshing !== ErrorCode.SessionNotReady) {
          throw error;
        }
        if (attempt >= 1) {
          throw gatewayError(ErrorCode.QrRefreshing, 'Wawp is generating a fresh QR code', {
            retryAfterMs: Math.max(floorMs, qrGate.waitMs(instanceId)),
          });
        }
      }
    }
  };

  const waitForQrStatus = async (instanceId: string) => {
    const deadline = Date.now() + (options.pairingWaitMs ?? 30_000);
    for (;;) {
      const session = await getSession(instanceId, 0);
      if (session.status === 'SCAN_QR_CODE') {
        return;
      }
      if (session.status !== 'STARTING' || Date.now() > deadline) {
        throw gatewayError(
          ErrorCode.SessionNotReady,
          `A pairing code needs the session in SCAN_QR_CODE; it is ${session.status}`,
          { status: session.status },
        );
      }
      await sleep(Math.max(250, infoGate.waitMs(instanceId)));
    }
  };

  const sessions = {
    getSession: (instanceId: string) => getSession(instanceId),
    async getMe(instanceId) {
      const session = await getSession(instanceId);
      if (session.status !== 'WORKING') {
        return null;
      }
      return session.me ?? toAccount(await call(instanceId, () => wawp.getMe(instanceId)));
    },
    getQrCode,
    async getScreenshot(instanceId): Promise<Screenshot | null> {
      try {
        const shot = await call(instanceId, () => wawp.getScreenshot(instanceId));
        return {
          mimeType: shot.mimeType,
          dataUrl: `data:${shot.mimeType};base64,${shot.dataBase64}`,
          takenAt: new Date(),
        };
      } catch (error) {
        const code = (error as { extensions?: { code?: string } }).extensions?.code;
        // No screenshot route (404 from a plan or engine without it; the instance itself was
        // checked before) or none for this status.
        if (code === ErrorCode.SessionNotReady || code === ErrorCode.NotFound) {
          return null;
        }
        throw error;
      }
    },
    start: (instanceId) => act(instanceId, () => wawp.startSession(instanceId)),
    stop: (instanceId) => act(instanceId, () => wawp.stopSession(instanceId)),
    restart: (instanceId) => act(instanceId, () => wawp.restartSession(instanceId)),
    logout: (instanceId) => act(instanceId, () => wawp.logoutSession(instanceId)),
    async requestPairingCode(instanceId, phoneNumber): Promise<PairingCode> {
      const session = await getSession(instanceId, 0);
      if (session.status === 'STOPPED') {
        await sessions.start(instanceId);
      } else if (session.status !== 'STARTING' && session.status !== 'SCAN_QR_CODE') {
        throw gatewayError(
          ErrorCode.SessionNotReady,
          `A pairing code needs the session in SCAN_QR_CODE; it is ${session.status}`,
          { status: session.status },
        );
      }
      await waitForQrStatus(instanceId);
      const { code } = await call(instanceId, () => wawp.requestCode(instanceId, phoneNumber));
      return { code, expiresAt: null };
    },
    async createUpstream() {
      const created = await call(null, () => wawp.createSession());
      return created.instanceId;
    },
    async deleteUpstream(instanceId) {
      // Wawp's advice: log the device out before deleting, so the phone is unlinked cleanly.
      await call(instanceId, () => wawp.logoutSession(instanceId)).catch(() => undefined);
      await call(instanceId, () => wawp.deleteSession(instanceId));
      infoGate.delete(instanceId);
      qrGate.delete(instanceId);
    },
  } satisfies SessionsPort;

  return {
    ...sessions,
    /** Reads `session/info` unless a read younger than `maxAgeMs` exists (for the poller). */
    poll: (instanceId: string, maxAgeMs = 0) => getSession(instanceId, maxAgeMs),
    /** Fetches the current QR (for the poller, on a rotation). */
    fetchQrCode: getQrCode,
    /** Records state learned from a webhook, so reads within the floor see it. */
    remember: (state: SessionState) => infoGate.put(state.instanceId, state),
    /** Forgets the cached QR (a webhook announced a rotation). */
    forgetQrCode: (instanceId: string) => qrGate.invalidate(instanceId),
    /** The last known state, without any upstream call. */
    peek: (instanceId: string) => infoGate.peek(instanceId)?.data ?? null,
    healthy: () => health.healthy(),
  };
}

export type SessionsService = ReturnType<typeof createSessionsService>;
