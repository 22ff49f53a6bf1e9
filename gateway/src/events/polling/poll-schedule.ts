import type { QrCode, SessionStatus } from '@wawp-gateway/schema';
import { WAWP_POLL_FLOOR_MS as POLL_FLOOR_MS } from '../../wawp';

/** The longest wait between two polls of a watched instance, backoff included. */
export const MAX_POLL_DELAY_MS = 30_000;
/** A webhook this recent means webhooks are flowing for the instance. */
export const WEBHOOK_FRESH_MS = 60_000;

/** What the next poll's delay depends on. */
export interface ScheduleInput {
  status: SessionStatus;
  /** The base interval (transitional statuses). */
  baseMs: number;
  /** When the last webhook for the instance arrived, if ever. */
  lastWebhookAt: number | null;
  /** The current QR while SCAN_QR_CODE. */
  qrCode: QrCode | null;
  now: number;
}

/**
 * The delay before the next poll: the base while the session moves (STARTING, SCAN_QR_CODE),
 * 5 s while WORKING, 10 s when WORKING and webhooks are flowing, 10 s when at rest (STOPPED,
 * FAILED). While SCAN_QR_CODE it also wakes just after the known QR expires, to fetch the next one.
 */
export function toPollDelay(input: ScheduleInput): number {
  const { baseMs, now } = input;
  const webhooks = input.lastWebhookAt !== null && now - input.lastWebhookAt < WEBHOOK_FRESH_MS;
  let delay: number;
  switch (input.status) {
    case 'STARTING':
      delay = baseMs;
      break;
    case 'SCAN_QR_CODE': {
      const expiresAt = input.qrCode?.expiresAt?.getTime();
      delay = expiresAt === undefined ? baseMs : Math.min(baseMs, expiresAt - now + 250);
      break;
    }
    case 'WORKING':
      delay = Math.max(baseMs, webhooks ? 10_000 : 5_000);
      break;
    default:
      delay = Math.max(baseMs, 10_000);
  }
  return Math.max(POLL_FLOOR_MS, delay);
}

/** `ms` ±10 %, never below the floor. */
export function jitter(ms: number, random: () => number): number {
  return Math.max(POLL_FLOOR_MS, Math.round(ms * (0.9 + 0.2 * random())));
}

/**
 * The delay after a failed poll: doubling from twice the base up to 30 s, and never shorter than
 * what Wawp asked for (`retryAfterMs` of a 429 or a 503).
 */
export function toBackoff(previousMs: number, baseMs: number, retryAfterMs: number | null): number {
  const doubled = Math.min(MAX_POLL_DELAY_MS, Math.max(previousMs * 2, baseMs * 2));
  return Math.max(doubled, retryAfterMs ?? 0, POLL_FLOOR_MS);
}

/** The `retryAfterMs` a gateway error carries (rate limited, upstream unavailable), if any. */
export function retryAfterOf(error: unknown): number | null {
  const extensions = (error as { extensions?: { retryAfterMs?: unknown } } | null)?.extensions;
  const value = extensions?.retryAfterMs;
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
