/** Session statuses the simulator produces (docs/wawp-contract.md section 3; the passkey statuses are out of scope). */
export const SessionStatus = {
  Stopped: 'STOPPED',
  Starting: 'STARTING',
  ScanQrCode: 'SCAN_QR_CODE',
  Working: 'WORKING',
  Failed: 'FAILED',
} as const;
export type SessionStatus = (typeof SessionStatus)[keyof typeof SessionStatus];

/** One entry of `payload.statuses` in a `session.status` webhook. */
export interface StatusEntry {
  status: SessionStatus;
  /** Unix ms. */
  timestamp: number;
}

/** The most entries an instance's history keeps; older ones are dropped first. */
export const MAX_HISTORY = 10_000;

/** The linked WhatsApp account, as `session/me` returns it while WORKING. */
export interface Me {
  id: string;
  pushName: string;
  lid: string;
  platform: string;
}

/** Wawp's retry policy of one webhook: seconds between tries and tries in all. */
export interface WebhookRetries {
  delay: number;
  attempts: number;
}

/**
 * One webhook target, configured through `POST /v2/session/webhook` (url, events, is_active
 * only) or the per-URL `/v2/webhook/*` routes (which also set the rest).
 */
export interface WebhookConfig {
  url: string;
  events: string[];
  is_active: boolean;
  /** Unset: the default policy (2 s x 15). */
  retries?: WebhookRetries;
  /** Sent as `X-Wawp-Signature` on every delivery to this URL. */
  hmac?: string;
  name?: string;
}

/** One status an instance went through, as `GET /_sim/instances/:id/history` lists it. */
export interface HistoryEntry {
  status: SessionStatus;
  /** Unix ms. */
  at: number;
}

/** The QR currently shown in SCAN_QR_CODE. */
export interface QrState {
  /** WhatsApp pairing ref, `2@<ref>,<noiseKey>,<identityKey>,<advSecret>`. */
  value: string;
  /** 1-based rotation counter; the 6th QR is the last before FAILED. */
  index: number;
  /** Unix ms when this QR rotates away. */
  expiresAt: number;
}

/** The pairing code most recently handed out for this SCAN_QR_CODE period. */
export interface PairingState {
  /** 8 characters, without the hyphen. */
  code: string;
  phone: string;
}

/** Everything the simulator knows about one Wawp instance. */
export interface Instance {
  id: string;
  sessionName: string;
  serverName: string;
  status: SessionStatus;
  /** The last three statuses, oldest first. */
  statuses: StatusEntry[];
  /** Every status since creation, oldest first (capped at {@link MAX_HISTORY}). */
  history: HistoryEntry[];
  /** Stored credentials: survive stop/start, cleared by logout and unlink. */
  auth: Me | null;
  qr: QrState | null;
  pairing: PairingState | null;
  webhooks: WebhookConfig[];
  /** Cancels the pending lifecycle timer (boot, QR rotation, reconnect), if any. */
  cancelTimer: (() => void) | null;
}

/** The minimal logger the simulator writes to (pino-compatible). */
export interface SimulatorLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}
