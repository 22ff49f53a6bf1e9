import type { Account, QrCode, SessionEvent, SessionStatus } from '@wawp-gateway/schema';
import type { SessionsService, UpstreamHealth } from '../sessions';
import type { Store, StoreDirectory } from '../store';
import type { Intents } from './ingest';

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** An event as `diff` produces it: the hub adds the instance, time, source and (via the log) cursor. */
export type EventDraft = DistributiveOmit<
  SessionEvent,
  'cursor' | 'instanceId' | 'occurredAt' | 'source'
>;

/** A session action the gateway itself started, so the next transition gets the right reason. */
export type Intent = 'logout' | 'stop' | 'restart';

/** What the gateway knows of one session, as far as events are concerned. */
export interface KnownState {
  status: SessionStatus;
  me: Account | null;
  /** The current QR while SCAN_QR_CODE, when known. */
  qrCode: QrCode | null;
}

/** One look at an instance's session: a poll, an action's answer, a webhook or a QR fetch. */
export interface Observation {
  instanceId: string;
  status: SessionStatus;
  /** `undefined` when this source does not say; ignored unless WORKING. */
  me?: Account | null;
  /** `undefined` when this source did not fetch the QR; ignored unless SCAN_QR_CODE. */
  qrCode?: QrCode | null;
  /** On the gateway's clock: when the read was sent, or when the webhook was received. */
  observedAt: Date;
  /**
   * The ordering mark (ms): Wawp's timestamp of a webhook, or when a read was answered (see
   * `orderOf` in ingest/record-observation.ts).
   */
  upstreamTs?: number | null;
  /** A read's answer time: the state held at some moment in `[observedAt, answeredAt]`. */
  answeredAt?: Date;
  /**
   * Apply only while the stored status is this one: a QR fetched while SCAN_QR_CODE must not
   * drag a session that has meanwhile been linked back to SCAN_QR_CODE.
   */
  onlyIfStatus?: SessionStatus;
}

/** A structured logger (pino fits). */
export interface EventsLogger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/**
 * The one sessions interface the events engine uses: reads it reports to the hub itself, the QR
 * cache it keeps current, and the restart of the STARTING watchdog. Rooms pick what they need.
 */
export type EventsSessions = Pick<
  SessionsService,
  'readSession' | 'readQrCode' | 'forgetQrCode' | 'remember' | 'act'
>;

/** Options of `createEventHub`. */
export interface EventHubOptions {
  store: Pick<Store, 'events' | 'states' | 'bus'> & Partial<Pick<Store, 'payloads'>>;
  /** Reads a cold instance's state for its first snapshot (the hub reports the read itself). */
  sessions: Pick<EventsSessions, 'readSession'>;
  /** Whether Wawp answers for an instance; its snapshots are marked stale while it does not. */
  health: Pick<UpstreamHealth, 'healthy'>;
  /** Why the gateway itself changes a session (noted by the sessions port and the watchdog). */
  intents: Pick<Intents, 'current' | 'clear'>;
  directory: Pick<StoreDirectory, 'listInstances' | 'getInstances'>;
  logger: EventsLogger;
  /** Live events held per subscriber before it is closed as too slow. @default 500 */
  bufferSize?: number;
  /** How long tenant assignments are cached; 0 re-reads them per dispatched batch. @default 0 */
  visibilityTtlMs?: number;
  /**
   * Told once, by the replica that recorded them, the events a state change appended (not the
   * announced ones): what must happen once per change, whichever replica saw it.
   */
  onRecorded?: (events: readonly SessionEvent[]) => void;
  /** Told how many events were read from the log because the Redis bus did not bring them. */
  onBusFallback?: (events: number) => void;
}
