import type { WawpBreakerOptions, WawpBreakerState } from './guard';
import type { WawpPacingOptions } from './pacing';
import type { WawpRetryOptions } from './retry';
import type { WawpRequestEvent } from './send';
import type {
  WawpCreated,
  WawpMe,
  WawpQr,
  WawpSession,
  WawpStoredWebhook,
  WawpWebhook,
  WawpWebhookChanges,
  WawpWebhookInput,
} from './types';

/** Options of `createWawpClient`. */
export interface WawpClientOptions {
  /** Wawp's origin, for example `https://api.wawp.net` (or the simulator's URL). */
  baseUrl: string;
  /** The account access token. Sent in the JSON body and the `access-token` header, never a URL. */
  accessToken: string;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Per-attempt deadlines. */
  timeouts?: {
    /** Reads (info, me, QR, screenshot, webhook GET). @default 5_000 // 5 s */
    readMs?: number;
    /** Actions (create, start, stop, restart, logout, delete, request-code, webhook writes). @default 10_000 // 10 s */
    actionMs?: number;
  };
  /** Retries of idempotent reads; see {@link WawpRetryOptions}. */
  retry?: WawpRetryOptions;
  /** The circuit breaker of each instance; see {@link WawpBreakerOptions}. */
  breaker?: WawpBreakerOptions;
  /**
   * Calls in flight at once, at most half of them for one share (`WawpCallOptions.share`); 4x as
   * many may wait per share, the rest fail with `bulkhead_full`. @default 8
   */
  concurrency?: number;
  /** Largest response body accepted. @default 1_048_576 // 1 MiB */
  maxBodyBytes?: number;
  /**
   * Keeps the poll floor between processes: each status or QR read first claims its instance
   * (see `pacing.ts`). Unset (one process): the sessions service's read gates keep it alone.
   */
  pacing?: WawpPacingOptions;
  /** Called after every HTTP attempt and every fast rejection, for metrics and logs. */
  onRequest?: (event: WawpRequestEvent) => void;
}

/** Per-call options every method accepts as its last argument. */
export interface WawpCallOptions {
  /** Aborts the call (and any pending retry); it then fails with `timeout`, code `aborted`. */
  signal?: AbortSignal;
  /**
   * Whose call this is for fair sharing (the tenant owning the instance): one share never holds
   * more than half of the client's concurrency. Calls without one share a default key.
   */
  share?: string;
  /**
   * With `pacing`, when another process has just read (or is reading) this status or QR: `'wait'`
   * for the floor and read, or `'refuse'` at once with the local refusal `claimed_elsewhere`, for
   * a caller that can use the other process's answer instead (from the store). @default 'wait'
   */
  claimedElsewhere?: 'wait' | 'refuse';
}

/**
 * The Wawp v2 surface the gateway uses, one method per route. Every method throws a `WawpError`
 * on failure. Reads (`getSessionInfo`, `getMe`, `getQr`, `getQrImage`, `getScreenshot`,
 * `getWebhooks`) may be retried; actions (the webhook writes included) are sent exactly once.
 * @see docs/wawp-contract.md section 2
 */
export interface WawpApi {
  /** `session/create`: a new instance (Wawp leaves it STOPPED; call `startSession` next). */
  createSession(options?: WawpCallOptions): Promise<WawpCreated>;
  /**
   * `session/start`, `stop`, `restart`, `logout`: the session decoded from the action's response,
   * or, when that body is empty or not session-shaped, from a follow-up `getSessionInfo`.
   */
  startSession(instanceId: string, options?: WawpCallOptions): Promise<WawpSession>;
  stopSession(instanceId: string, options?: WawpCallOptions): Promise<WawpSession>;
  restartSession(instanceId: string, options?: WawpCallOptions): Promise<WawpSession>;
  logoutSession(instanceId: string, options?: WawpCallOptions): Promise<WawpSession>;
  /** `session/delete`: resolves on any 2xx (also an empty body); later calls get `not_found`. */
  deleteSession(instanceId: string, options?: WawpCallOptions): Promise<void>;
  /** `session/info`: status, `me` and, in SCAN_QR_CODE, the inline `qr`. */
  getSessionInfo(instanceId: string, options?: WawpCallOptions): Promise<WawpSession>;
  /** `session/me`: the linked account, `null` when not authenticated. */
  getMe(instanceId: string, options?: WawpCallOptions): Promise<WawpMe | null>;
  /** `auth/qr` (raw): the QR string. Outside SCAN_QR_CODE it throws `status_gate` (not retried). */
  getQr(instanceId: string, options?: WawpCallOptions): Promise<WawpQr>;
  /** `auth/qr-image`: the QR as a PNG data URL; `status_gate` outside SCAN_QR_CODE. */
  getQrImage(instanceId: string, options?: WawpCallOptions): Promise<{ dataUrl: string }>;
  /**
   * `auth/request-code`: an 8-character pairing code shown as `XXXX-XXXX`, for
   * `phoneNumberDigits` (country code and number, digits only). `status_gate` outside SCAN_QR_CODE;
   * `bad_request` before sending when the number is not 7–15 digits.
   */
  requestCode(
    instanceId: string,
    phoneNumberDigits: string,
    options?: WawpCallOptions,
  ): Promise<{ code: string }>;
  /** `auth/screenshot` (optional upstream route: `not_found` means unsupported). */
  getScreenshot(
    instanceId: string,
    options?: WawpCallOptions,
  ): Promise<{ mimeType: string; dataBase64: string }>;
  /** `GET session/webhook`: the configured webhooks and Wawp's opaque `systemConfig`. */
  getWebhooks(
    instanceId: string,
    options?: WawpCallOptions,
  ): Promise<{ webhooks: WawpWebhook[]; systemConfig: unknown }>;
  /**
   * `POST session/webhook`: replaces the whole list (`forbidden`, `subscription_required` on free
   * plans). Returns the list from the response, or from a follow-up `getWebhooks` when the
   * response does not carry one.
   */
  setWebhooks(
    instanceId: string,
    webhooks: WawpWebhook[],
    options?: WawpCallOptions,
  ): Promise<{ webhooks: WawpWebhook[] }>;
  /**
   * `POST webhook/set`: creates the webhook `webhook.url`, or updates it in place, leaving the
   * instance's other webhooks alone. With `hmac`, Wawp sends that secret in `X-Wawp-Signature`.
   * Resolves to the webhook as stored (from the answer, else from a follow-up `getWebhooks`).
   * Fails with `forbidden` (`subscription_required`) on free plans, and with a `WawpError` of
   * `httpStatus` 404 (kind `not_found`) or 405 (kind `bad_request`) where Wawp does not serve the
   * route; see {@link isRouteUnsupported} for the fallback to `setWebhooks`. Never retried.
   * @see https://api.wawp.net/en/docs/v2/webhook/set
   */
  setWebhook(
    instanceId: string,
    webhook: WawpWebhookInput,
    options?: WawpCallOptions,
  ): Promise<WawpStoredWebhook>;
  /**
   * `PATCH webhook/update`: changes the given fields of the webhook `changes.url`. `not_found`
   * (404) when the instance has no webhook with that URL. Never retried.
   * @see https://api.wawp.net/en/docs/v2/webhook/update
   */
  updateWebhook(
    instanceId: string,
    changes: WawpWebhookChanges,
    options?: WawpCallOptions,
  ): Promise<WawpStoredWebhook>;
  /**
   * `DELETE webhook/delete`: removes the webhook `url`; resolves on any 2xx. Never retried.
   * @see https://api.wawp.net/en/docs/v2/webhook/delete
   */
  deleteWebhook(instanceId: string, url: string, options?: WawpCallOptions): Promise<void>;
  /** The circuit breaker of `instanceId`, or of account calls when omitted. */
  breakerState(instanceId?: string): WawpBreakerState;
}
