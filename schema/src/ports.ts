/**
 * The ports the resolvers depend on. The gateway implements them over the Wawp client, the store
 * and the event hub; tests pass fakes. Nothing in `schema/` knows about `fetch`, SQL or sockets.
 */

/** The five Wawp session statuses the gateway exposes. */
export const SESSION_STATUSES = [
  'STOPPED',
  'STARTING',
  'SCAN_QR_CODE',
  'WORKING',
  'FAILED',
] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** The WhatsApp account linked to a WORKING session. */
export interface Account {
  /** WhatsApp JID, e.g. `201012345678@c.us`. */
  id: string;
  pushName: string | null;
}

/** What the gateway knows of one instance's session. */
export interface SessionState {
  instanceId: string;
  status: SessionStatus;
  me: Account | null;
  /** When this state was read from Wawp (the request was sent), or learned from a webhook. */
  observedAt: Date;
  /**
   * When Wawp's answer arrived, for a state read from Wawp: the state held at some moment between
   * `observedAt` and this, which is what the event engine orders reads and webhooks by.
   */
  answeredAt?: Date;
  /**
   * True when this is not a fresh read: Wawp could not be reached and this is the last known
   * state, or a list field answered from held state older than the poll floor (see `observedAt`).
   */
  stale: boolean;
}

export interface QrCode {
  /** The string encoded in the QR (WhatsApp pairing ref). */
  value: string;
  /** `data:image/png;base64,…` */
  imageDataUrl: string;
  expiresAt: Date | null;
}

export interface PairingCode {
  /** 8 characters grouped `XXXX-XXXX`. */
  code: string;
  expiresAt: Date | null;
}

export interface Screenshot {
  mimeType: string;
  dataUrl: string;
  takenAt: Date;
}

export interface InstanceRecord {
  instanceId: string;
  label: string | null;
  tenantId: string | null;
  /** The integrator's own id for it (its user), unique per tenant. */
  externalRef: string | null;
  createdAt: Date;
}

/** How a tenant's end users see the connect page; every field optional. */
export interface TenantBranding {
  displayName: string | null;
  /** `data:image/(png|jpeg|webp);base64,…`, at most 64 KiB decoded. */
  logoDataUrl: string | null;
  /** `#RRGGBB`. */
  accentColor: string | null;
  /** An https URL the end user can turn to for help. */
  supportUrl: string | null;
  /** Origins a connect link's `returnUrl` may point to. */
  allowedReturnOrigins: string[];
  /** Origins whose pages may embed the connect widget. */
  allowedEmbedOrigins: string[];
}

export interface TenantRecord {
  id: string;
  name: string;
  createdAt: Date;
  branding: TenantBranding;
}

/** A connect link as listed: never its token, which is stored only as a hash. */
export interface ConnectLinkRecord {
  id: string;
  instanceId: string;
  /** The instance's tenant when the link was made (`null`: unassigned). */
  tenantId: string | null;
  returnUrl: string | null;
  createdAt: Date;
  expiresAt: Date;
  /** When its instance reached WORKING while the link was open. */
  usedAt: Date | null;
  revokedAt: Date | null;
}

/** A freshly made link: `url` (holding the token) is returned exactly once. */
export interface IssuedConnectLink extends ConnectLinkRecord {
  url: string;
}

/** An API key as listed: never the key itself, which is stored only as a hash. */
export interface ApiKeyRecord {
  id: string;
  tenantId: string;
  /** The first characters of the key, so admins can tell keys apart. */
  prefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

/** A freshly issued key: `key` is returned exactly once. */
export interface IssuedApiKey extends ApiKeyRecord {
  key: string;
}

/**
 * Who is calling. `null` in the context means no (or an invalid/revoked) key. `keyId` names the
 * tenant key a caller presented, so that revoking it ends what it opened.
 */
export type Viewer =
  | { role: 'admin' }
  | { role: 'tenant'; tenantId: string; keyId?: string }
  | LinkViewer;

/**
 * An end user holding a connect link: one instance, and only what linking it takes. `tenantId`
 * is the instance's owner when the link was made; the link sees the instance only while it still
 * has that owner.
 */
export interface LinkViewer {
  role: 'link';
  linkId: string;
  instanceId: string;
  tenantId: string | null;
  expiresAt: Date;
}

/**
 * Session operations against Wawp. Reads are single-flighted and cached per instance. Each
 * operation may make at most 3 distinct calls through it (`schema/src/upstream-budget.ts`);
 * `peekSession` is not one of them.
 */
export interface SessionsPort {
  getSession(instanceId: string, call?: PortCall): Promise<SessionState>;
  /**
   * The state the gateway already holds, for list fields: no Wawp call while one is held. Held
   * state older than the poll floor comes marked `stale: true` and is refreshed in the background
   * (single-flighted, within the floor, reported like any read). When nothing is held yet, the
   * answer of the one shared read that fills it.
   */
  peekSession(instanceId: string, call?: PortCall): Promise<SessionState>;
  getMe(instanceId: string, call?: PortCall): Promise<Account | null>;
  /** `null` unless SCAN_QR_CODE; throws `QR_REFRESHING` while Wawp rotates the code. */
  getQrCode(instanceId: string, call?: PortCall): Promise<QrCode | null>;
  /** `null` where the engine has no screenshot for the current status. */
  getScreenshot(instanceId: string, call?: PortCall): Promise<Screenshot | null>;
  start(instanceId: string, call?: PortCall): Promise<SessionState>;
  stop(instanceId: string, call?: PortCall): Promise<SessionState>;
  restart(instanceId: string, call?: PortCall): Promise<SessionState>;
  logout(instanceId: string, call?: PortCall): Promise<SessionState>;
  /** `phoneNumber` is already normalised to international digits. */
  requestPairingCode(
    instanceId: string,
    phoneNumber: string,
    call?: PortCall,
  ): Promise<PairingCode>;
  /** Wawp `session/create`: returns the new instance id. */
  createUpstream(call?: PortCall): Promise<string>;
  /** Wawp `session/logout` (best effort) then `session/delete`. */
  deleteUpstream(instanceId: string, call?: PortCall): Promise<void>;
}

/** Per-call options of the {@link SessionsPort}. */
export interface PortCall {
  /**
   * Aborted when the operation's client has gone (the HTTP request closed, the graphql-ws
   * operation completed or its socket closed): its Wawp calls still pending are cancelled.
   */
  signal?: AbortSignal;
}

/** Tenants, instances and keys, as stored by the gateway. */
export interface DirectoryPort {
  listInstances(filter?: { tenantId?: string; externalRef?: string }): Promise<InstanceRecord[]>;
  getInstance(instanceId: string): Promise<InstanceRecord | null>;
  /** Batch read for DataLoader; the result is in the order of `instanceIds`. */
  getInstances(instanceIds: readonly string[]): Promise<(InstanceRecord | null)[]>;
  /** Throws `CONFLICT` when `externalRef` is taken in the tenant; `undefined` keeps it. */
  upsertInstance(input: {
    instanceId: string;
    label: string | null;
    tenantId: string | null;
    externalRef?: string | null;
  }): Promise<InstanceRecord>;
  assignInstance(instanceId: string, tenantId: string | null): Promise<InstanceRecord | null>;
  removeInstance(instanceId: string): Promise<boolean>;
  listTenants(): Promise<TenantRecord[]>;
  getTenant(id: string): Promise<TenantRecord | null>;
  createTenant(name: string): Promise<TenantRecord>;
  listApiKeys(tenantId: string): Promise<ApiKeyRecord[]>;
  issueApiKey(tenantId: string): Promise<IssuedApiKey>;
  revokeApiKey(id: string): Promise<boolean>;
  /** Replaces a tenant's branding; `null` for an unknown tenant. */
  updateTenantBranding(tenantId: string, branding: TenantBranding): Promise<TenantRecord | null>;
  createConnectLink(input: {
    instanceId: string;
    tenantId: string | null;
    expiresAt: Date;
    returnUrl: string | null;
  }): Promise<IssuedConnectLink>;
  /** Newest first. */
  listConnectLinks(instanceId: string): Promise<ConnectLinkRecord[]>;
  /** Revokes every open link of the instance (its streams end); resolves how many. */
  revokeConnectLinks(instanceId: string): Promise<number>;
  /** Counts a pairing code against a link's limit; `false` (nothing counted) past it. */
  tryCountLinkPairingCode(linkId: string): Promise<boolean>;
}

export const EVENT_SOURCES = ['POLL', 'WEBHOOK', 'GATEWAY'] as const;
export type EventSource = (typeof EVENT_SOURCES)[number];

export const DISCONNECT_REASONS = [
  'LOGGED_OUT',
  'DEVICE_UNLINKED',
  'CONNECTION_LOST',
  'QR_EXPIRED',
  'UNKNOWN',
] as const;
export type DisconnectReason = (typeof DISCONNECT_REASONS)[number];

interface EventBase {
  /** Opaque, strictly increasing per instance. */
  cursor: string;
  instanceId: string;
  occurredAt: Date;
  source: EventSource;
}

/** One event of the `sessionEvents` stream; `kind` is the GraphQL type name. */
export type SessionEvent =
  | (EventBase & {
      kind: 'SessionSnapshot';
      session: SessionState;
      qrCode: QrCode | null;
      /** False when the requested cursor was older than retained history. */
      resumed: boolean;
    })
  | (EventBase & {
      kind: 'SessionStatusChanged';
      status: SessionStatus;
      previousStatus: SessionStatus | null;
    })
  | (EventBase & { kind: 'QrCodeUpdated'; qrCode: QrCode })
  | (EventBase & { kind: 'SessionAuthenticated'; me: Account })
  | (EventBase & { kind: 'SessionDisconnected'; reason: DisconnectReason })
  | (EventBase & { kind: 'UpstreamHealthChanged'; healthy: boolean; detail: string | null });

export type SessionEventKind = SessionEvent['kind'];

/** The live event stream. Implementations filter by the viewer's tenant before yielding. */
export interface EventsPort {
  /**
   * Subscribe to one instance (`instanceId`) or to every instance the viewer may see (`null`).
   * Yields a `SessionSnapshot` per instance first (or the events strictly after `after`), then live
   * events. Throws `NOT_FOUND` for an instance the viewer may not see.
   */
  subscribe(args: {
    viewer: Viewer;
    instanceId: string | null;
    after: string | null;
    signal?: AbortSignal;
    /**
     * Called when the subscriber fell too far behind and its bounded buffer overflowed; the stream
     * then ends. Transports close the connection with a retryable code so the client resumes by
     * cursor.
     */
    onOverflow?: () => void;
    /**
     * Called when the key this stream was opened with is revoked, just before the stream ends
     * with `UNAUTHENTICATED`: graphql-ws closes its socket with 4403.
     */
    onRevoked?: () => void;
  }): AsyncIterable<SessionEvent>;
}
