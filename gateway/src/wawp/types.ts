/**
 * The session statuses Wawp (and the WAHA engine behind it) can report.
 * @see docs/wawp-contract.md section 3
 */
export type KnownWawpStatus =
  | 'STOPPED'
  | 'STARTING'
  | 'SCAN_QR_CODE'
  | 'WORKING'
  | 'FAILED'
  | 'PASSKEY_REQUIRED'
  | 'PASSKEY_CONFIRMATION_REQUIRED';

/** A decoded status: any string Wawp sends that is not a known status decodes to `'UNKNOWN'`. */
export type WawpStatus = KnownWawpStatus | 'UNKNOWN';

/** Every known status, in lifecycle order. */
export const KNOWN_WAWP_STATUSES: readonly KnownWawpStatus[] = [
  'STOPPED',
  'STARTING',
  'SCAN_QR_CODE',
  'WORKING',
  'FAILED',
  'PASSKEY_REQUIRED',
  'PASSKEY_CONFIRMATION_REQUIRED',
];

/** The linked WhatsApp account (`session/me`, `info.me`). */
export interface WawpMe {
  /** The JID, for example `201012345678@c.us`. */
  id: string;
  pushName: string | null;
  lid?: string | null;
  platform?: string | null;
}

/** One webhook target as Wawp stores it (`is_active` is normalised to a boolean). */
export interface WawpWebhook {
  url: string;
  events: string[];
  isActive: boolean;
}

/** The retry policy of one webhook (`retries` of `webhook/set`): Wawp's default is 2 s x 15. */
export interface WawpWebhookRetries {
  /** Seconds between two tries. */
  delay: number;
  /** Tries in all, the first included. */
  attempts: number;
}

/**
 * What `setWebhook` registers for one URL (`POST /v2/webhook/set`). Wawp's defaults apply to what
 * is left out: active, retries 2 s x 15, no `hmac`.
 */
export interface WawpWebhookInput {
  url: string;
  /** Event names, at least one (`session.status`, or `*` for all). */
  events: string[];
  isActive?: boolean;
  retries?: WawpWebhookRetries;
  /** A secret Wawp sends back in the `X-Wawp-Signature` header of every delivery. */
  hmac?: string;
}

/**
 * What `updateWebhook` changes on the webhook with `url` (`PATCH /v2/webhook/update`); fields
 * left out stay as they are. `hmac: ''` removes the secret.
 */
export interface WawpWebhookChanges {
  url: string;
  events?: string[];
  isActive?: boolean;
  retries?: WawpWebhookRetries;
  hmac?: string;
  name?: string;
}

/**
 * A webhook as the per-URL routes answer it; a field Wawp's answer did not carry is left out (the
 * `session/webhook` list, the fallback when the answer has no webhook, hides all three). The
 * `hmac` secret itself is never handed back, so a logged result cannot leak it.
 */
export interface WawpStoredWebhook extends WawpWebhook {
  retries?: WawpWebhookRetries;
  /** Whether an `hmac` secret is set. */
  hasHmac?: boolean;
  name?: string;
}

/** A session as read from `session/info` or returned by an action. */
export interface WawpSession {
  instanceId: string;
  /** The WAHA session name, for example `wawp-84729105`; `null` when Wawp omits it. */
  name: string | null;
  status: WawpStatus;
  /** The status string exactly as Wawp sent it (useful when `status` is `'UNKNOWN'`). */
  rawStatus: string;
  me: WawpMe | null;
  /** The QR data URL Wawp includes in SCAN_QR_CODE; `null` otherwise. */
  qr: string | null;
  webhooks: WawpWebhook[];
}

/** The result of `session/create`. */
export interface WawpCreated {
  instanceId: string;
  sessionName: string | null;
  serverName: string | null;
  /** `'UNKNOWN'` when Wawp omits the status. */
  status: WawpStatus;
}

/** The raw QR (`auth/qr`): the string to render and, when Wawp sends one, its expiry. */
export interface WawpQr {
  value: string;
  expiresAt: Date | null;
}
