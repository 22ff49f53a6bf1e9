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
