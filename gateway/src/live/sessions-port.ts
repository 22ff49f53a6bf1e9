import {
  ErrorCode,
  type EventSource,
  gatewayError,
  type PortCall,
  type SessionState,
  type SessionStatus,
  type SessionsPort,
} from '@wawp-gateway/schema';
import { type EventHub, fromRead, type Intent, type Intents } from '../events';
import { sleep } from '../lib/sleep';
import type { SessionAction, SessionRead, SessionReadOptions, SessionsService } from '../sessions';

/** Options of {@link createSessionsPort}. */
export interface SessionsPortOptions {
  sessions: SessionsService;
  hub: Pick<EventHub, 'observe'>;
  intents: Pick<Intents, 'note'>;
  /** How long `requestPairingCode` waits for a started session to show a QR. @default 30_000 */
  pairingWaitMs?: number;
}

const INTENTS: Record<SessionAction, Intent | null> = {
  start: null,
  stop: 'stop',
  restart: 'restart',
  logout: 'logout',
};

const notReadyForPairing = (status: SessionStatus) =>
  gatewayError(
    ErrorCode.SessionNotReady,
    `A pairing code needs the session in SCAN_QR_CODE; it is ${status}`,
    { status },
  );

/**
 * The `SessionsPort` the schema sees: queries and actions over the sessions service, each read
 * reported to the hub by this port as it is made (a query's `session/info` read with source
 * `POLL`, an action's answer with `GATEWAY`). An action first notes its intent, so the transition
 * it causes gets the right reason whichever source reports it first. List fields use
 * `peekSession`: the state the sessions service holds, refreshed in the background.
 */
export function createSessionsPort(options: SessionsPortOptions): SessionsPort {
  const { sessions, hub, intents } = options;

  const report = (state: SessionState, source: EventSource) => {
    void hub.observe(fromRead(state), source);
    return state;
  };
  const read = async (
    instanceId: string,
    maxAgeMs?: number,
    call: PortCall & SessionReadOptions = {},
  ): Promise<SessionState> => {
    const answer: SessionRead = await sessions.readSession(instanceId, maxAgeMs, call);
    return answer.fresh ? report(answer.state, 'POLL') : answer.state;
  };
  /**
   * The state held for a list field: without a Wawp call while one is held (marked `stale` once
   * older than the floor, and then refreshed in the background through the read gate, which
   * single-flights it and keeps the floor); when nothing is held yet, the one shared read that
   * fills it. The refresh is reported like any read.
   */
  const peek = async (instanceId: string): Promise<SessionState> => {
    const held = sessions.peekSession(instanceId);
    if (!held) {
      return read(instanceId, undefined, { waitForSlot: true });
    }
    if (held.ageMs < sessions.floorMs) {
      return held.state;
    }
    read(instanceId).catch(() => undefined);
    return held.state.stale ? held.state : { ...held.state, stale: true };
  };
  const act = async (instanceId: string, action: SessionAction, call?: PortCall) => {
    const intent = INTENTS[action];
    if (intent) {
      intents.note(instanceId, intent);
    }
    return report(await sessions.act(instanceId, action, call), 'GATEWAY');
  };

  const waitForQrStatus = async (instanceId: string, call: PortCall) => {
    const deadline = Date.now() + (options.pairingWaitMs ?? 30_000);
    for (;;) {
      const session = await read(instanceId, 0, call);
      if (session.status === 'SCAN_QR_CODE') {
        return;
      }
      if (session.status !== 'STARTING' || Date.now() > deadline) {
        throw notReadyForPairing(session.status);
      }
      await sleep(Math.max(250, sessions.nextReadInMs(instanceId)), call.signal);
    }
  };

  return {
    getSession: (instanceId, call) => read(instanceId, undefined, call),
    peekSession: (instanceId) => peek(instanceId),
    async getMe(instanceId, call) {
      const session = await read(instanceId, undefined, call);
      if (session.status !== 'WORKING') {
        return null;
      }
      return session.me ?? sessions.readMe(instanceId, call);
    },
    async getQrCode(instanceId, call) {
      const session = await read(instanceId, undefined, call);
      return session.status === 'SCAN_QR_CODE' ? sessions.readQrCode(instanceId, call) : null;
    },
    getScreenshot: (instanceId, call) => sessions.readScreenshot(instanceId, call),
    start: (instanceId, call) => act(instanceId, 'start', call),
    stop: (instanceId, call) => act(instanceId, 'stop', call),
    restart: (instanceId, call) => act(instanceId, 'restart', call),
    logout: (instanceId, call) => act(instanceId, 'logout', call),
    async requestPairingCode(instanceId, phoneNumber, call = {}) {
      const session = await read(instanceId, 0, call);
      if (session.status === 'STOPPED') {
        await act(instanceId, 'start', call);
      } else if (session.status !== 'STARTING' && session.status !== 'SCAN_QR_CODE') {
        throw notReadyForPairing(session.status);
      }
      await waitForQrStatus(instanceId, call);
      return sessions.requestCode(instanceId, phoneNumber, call);
    },
    // Creating and deleting finish even when the client goes: half-done, they leave an instance
    // in Wawp that the directory does not know, or the reverse.
    createUpstream: () => sessions.createUpstream(),
    deleteUpstream: (instanceId) => sessions.deleteUpstream(instanceId),
  };
}
