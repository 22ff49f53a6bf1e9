import type {
  ConnectLinkRecord,
  DirectoryPort,
  InstanceRecord,
  QrCode,
  SessionEvent,
  SessionState,
} from '@wawp-gateway/schema';
import type { DeliveryLog, EventLog, NewSessionEvent } from './event-log-types';
import type { GatewaySecrets } from './gateway-secrets';
import type { NotificationDeliveries } from './notification-deliveries';
import type { NotificationEndpoints } from './notification-endpoints';

export type { DeliveryLog, EventLog, NewSessionEvent } from './event-log-types';

/** Structured logger the store reports to; a pino logger fits as is. */
export interface StoreLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Who a valid, unrevoked tenant API key belongs to. */
/** An instance as the store holds it: the directory record, and where its owner's history starts. */
export interface StoredInstanceRecord extends InstanceRecord {
  /** The log position at which the current owner received the instance (0: from the start). */
  ownerSinceSeq: number;
}

export interface ApiKeyPrincipal {
  keyId: string;
  tenantId: string;
}

/**
 * The directory port plus key authentication. Tenant-referencing writes (`upsertInstance`,
 * `assignInstance`, `issueApiKey`) throw `UnknownTenantError` for a tenant id that does not exist.
 */
export interface StoreDirectory extends Omit<DirectoryPort, 'createConnectLink'> {
  /** `null` for a malformed, unknown or revoked key. Keys are compared by SHA-256 hash only. */
  authenticate(key: string): Promise<ApiKeyPrincipal | null>;
  /** Makes a link; its token (stored only as a hash) is in the result only. */
  createConnectLink(
    input: Parameters<DirectoryPort['createConnectLink']>[0],
  ): Promise<ConnectLinkRecord & { token: string }>;
  /** The link a token opens, whatever its state; `null` for a malformed or unknown token. */
  findConnectLink(token: string): Promise<ConnectLinkRecord | null>;
  /** Marks the instance's open links used (it reached WORKING); their streams end. */
  markConnectLinksUsed(instanceId: string): Promise<string[]>;
  getInstances(instanceIds: readonly string[]): Promise<(StoredInstanceRecord | null)[]>;
  upsertInstance(
    input: Parameters<DirectoryPort['upsertInstance']>[0],
  ): Promise<StoredInstanceRecord>;
  assignInstance(instanceId: string, tenantId: string | null): Promise<StoredInstanceRecord | null>;
}

/** The last known session state of one instance. */
export interface StoredSessionState {
  session: SessionState;
  /** The current QR while SCAN_QR_CODE, when known. */
  qrCode: QrCode | null;
  /**
   * The ordering mark (ms): Wawp's timestamp of the newest webhook applied, or when the newest
   * read was answered, whichever is later; `null` when neither set it.
   */
  upstreamTs: number | null;
  /** When the newest read folded into this state was answered (`null`: none yet). */
  readUntil: Date | null;
}

/** Options of `StateStore.put`. */
export interface PutStateOptions {
  /**
   * Wawp's timestamp (ms) of what `state` came from. The put is refused when it is older than the
   * stored one; a put without it (a poll) always applies and keeps the stored timestamp.
   */
  upstreamTs?: number | null;
  /** The QR to store; absent keeps the stored QR while the status stays SCAN_QR_CODE, else clears it. */
  qrCode?: QrCode | null;
  /** When the read `state` came from was answered; the stored value only ever moves forward. */
  readUntil?: Date | null;
}

/** What `StateStore.transition`'s `decide` returns to change an instance. */
export interface StateTransition {
  /** The new state; its `instanceId` must be the transition's. */
  state: SessionState;
  /** As `PutStateOptions.qrCode`. */
  qrCode?: QrCode | null;
  /** As `PutStateOptions.upstreamTs`. */
  upstreamTs?: number | null;
  /** As `PutStateOptions.readUntil`. */
  readUntil?: Date | null;
  /** Appended in order, after the state, in the same transaction. */
  events: NewSessionEvent[];
}

/** Last known session state per instance (`instance_state`). */
export interface StateStore {
  get(instanceId: string): Promise<StoredSessionState | null>;
  /** Batch read; the result is in the order of `instanceIds`. */
  getMany(instanceIds: readonly string[]): Promise<(StoredSessionState | null)[]>;
  /** Conditional upsert; resolves `true` when it applied, `false` when refused as older. */
  put(state: SessionState, options?: PutStateOptions): Promise<boolean>;
  /**
   * Atomically, in ONE transaction holding a per-instance lock (a transaction-level advisory
   * lock, so also before the instance has a row): reads the stored state, calls
   * `decide(stored)` once; when it returns `null`, changes nothing and resolves `null`.
   * Otherwise upserts the state (QR and `upstreamTs` by the rules of `put`) and appends `events`
   * as `EventLog.append` does (counter row, NOTIFY on commit), resolving the appended events with
   * their cursors. Transitions of one instance, from any replica, therefore run one after the
   * other and each `decide` sees the previous one's result. When the upsert is refused (the
   * decided `upstreamTs` is older than the stored one) nothing is appended and it resolves
   * `null`. A throwing `decide` (or any failure) rolls everything back and rejects. `decide`
   * runs inside the transaction: keep it quick and synchronous, and never touch the store in it.
   */
  transition(
    instanceId: string,
    decide: (stored: StoredSessionState | null) => StateTransition | null,
  ): Promise<SessionEvent[] | null>;
}

/** Options of `Bus.listen`. */
export interface ListenOptions {
  /**
   * Called after the LISTEN connection dropped and came back (Postgres only). Notifications sent
   * meanwhile are lost, so catch up from the event log.
   */
  onReconnect?: () => void;
}

/** Cross-replica signalling over LISTEN/NOTIFY on one channel per schema. */
export interface Bus {
  /** `wawp_<schema>`. */
  readonly channel: string;
  /** Resolves once listening; the returned function stops this listener. */
  listen(
    onMessage: (payload: string) => void,
    options?: ListenOptions,
  ): Promise<() => Promise<void>>;
}

/**
 * The optional bus that carries events themselves between replicas (Redis), beside the log's
 * NOTIFY: each committed event goes out on its instance's channel, and a replica receives only
 * the instances it follows. Fire and forget; a reader that does not get an event reads it from
 * the log.
 */
export interface PayloadBus {
  readonly kind: 'redis';
  /** Sends events the log has committed (in any order: readers order them by seq). */
  publish(events: readonly SessionEvent[]): void;
  /** Starts receiving `instanceId`'s events, or every instance's with `null`. Idempotent. */
  follow(instanceId: string | null): void;
  /** Stops what `follow(instanceId)` started. Idempotent. */
  unfollow(instanceId: string | null): void;
  /** Calls `listener` with each event received; returns the off. */
  onEvent(listener: (event: SessionEvent) => void): () => void;
  /** Calls `listener` when the connection goes down or comes back; returns the off. */
  onStatus(listener: (connected: boolean) => void): () => void;
  /** Whether both connections are up. */
  readonly connected: boolean;
  /** Counters since start, for metrics. */
  stats(): PayloadBusStats;
  close(): Promise<void>;
}

/** Counters of a {@link PayloadBus}. */
export interface PayloadBusStats {
  published: number;
  publishFailures: number;
  received: number;
  /** Messages that were not events (dropped). */
  malformed: number;
  disconnects: number;
  /** Channels (and the all-instances pattern) subscribed now. */
  following: number;
}

/** How long a lease lasts, per `Leases.tryAcquire`. */
export interface LeaseTiming {
  /** Unless renewed, another store may take the lease this long after the last renewal. */
  expiryMs?: number;
  /**
   * The holder stops counting on the lease this long before it could expire: it holds it while
   * `now - lastConfirmedRenewal < expiryMs - marginMs` (local monotonic clock). @default expiryMs / 3
   */
  marginMs?: number;
}

/**
 * Poll ownership: one `poll_leases` row per instance, held by one store until it expires (the
 * database clock), renewed in the background well before that with a fencing update (the epoch
 * grows on every acquisition, so a store that lost a lease cannot renew it). A holder that could
 * not confirm a renewal in time drops the lease by itself (`onLost`), before anyone else can take
 * it. On Postgres the holder also keeps a session advisory lock per lease, so when its connection
 * dies (a crash) the lease can be taken over at once instead of after the expiry.
 */
export interface Leases {
  /**
   * `true` when this store holds the lease: acquired now, or held and still valid (re-entrant,
   * answered locally). `timing` applies when the lease is acquired.
   */
  tryAcquire(instanceId: string, timing?: LeaseTiming): Promise<boolean>;
  /** Releases a lease this store holds (deletes its row: free at once); no-op otherwise. */
  release(instanceId: string): Promise<void>;
  /** Releases every lease and leaves the cluster (stops balancing): for shutdown. */
  releaseAll(): Promise<void>;
  /**
   * Live stores counted and leases handed over by the balancer (gateway/src/store/lease-balancer.ts),
   * or `null` where leases are not balanced (PGlite).
   */
  balancing(): { replicas: number; handedOver: number } | null;
  /** The instance ids whose lease this store holds and may still count on. */
  held(): string[];
  /** Whether this store holds the lease of `instanceId` and may still count on it (local, at once). */
  holds(instanceId: string): boolean;
  /**
   * Called with the ids of leases lost: the lock connection dropped, a renewal found the lease
   * taken (fencing), or no renewal was confirmed in time. Stop using them at once.
   */
  onLost(listener: (instanceIds: string[]) => void): () => void;
}

/**
 * Claims of Wawp reads shared by every replica (`wawp_read_claims`): the poll floor between
 * processes. The shape of the Wawp client's `WawpReadClaims` (gateway/src/wawp/pacing.ts).
 */
export interface ReadClaims {
  /** `0` when this store now holds the next read of `key` (for `holdMs` at most), else the ms to wait. */
  claim(key: string, holdMs: number): Promise<number>;
  /** Ends this store's claim of `key`: the next may start `floorMs` from now. Fire and forget. */
  settle(key: string, floorMs: number): void;
  /** Claims granted and refused by this store since it opened, for metrics. */
  stats(): { claimed: number; refused: number };
}

/** The gateway's PostgreSQL state (PGlite or Postgres), built by `createStore`. */
export interface Store {
  readonly engine: 'pglite' | 'postgres';
  readonly schema: string;
  readonly directory: StoreDirectory;
  readonly events: EventLog;
  readonly deliveries: DeliveryLog;
  /** Secrets every replica on this database shares (the webhook master secret). */
  readonly secrets: GatewaySecrets;
  /** Integrators' notification endpoints and the outbox of deliveries to them. */
  readonly notifications: {
    endpoints: NotificationEndpoints;
    deliveries: NotificationDeliveries;
  };
  readonly states: StateStore;
  readonly bus: Bus;
  /** The Redis bus, with `busUrl`; `null` on the default bus (NOTIFY, then read from the log). */
  readonly payloads: PayloadBus | null;
  readonly leases: Leases;
  /** On Postgres (shared by replicas); `null` on PGlite, which one process owns. */
  readonly readClaims: ReadClaims | null;
  /** Resolves when the database answers a query (readiness). */
  ping(): Promise<void>;
  /** Releases leases, stops listening, closes connections. Idempotent. */
  close(): Promise<void>;
}
