import { createHash } from 'node:crypto';
import type { Account, SessionStatus } from '@wawp-gateway/schema';
import { toSessionStatus } from '../../sessions';
import { toWawpStatus } from '../../wawp';

/** What a `session.status` webhook says, before the instance is resolved. */
export interface WebhookObservation {
  /** The envelope's `id` (`evt_<ulid>`), or a hash of its content when it has none. */
  eventId: string;
  /** `instance_id` at the top level or in `metadata`, when present. */
  instanceId: string | null;
  /** The WAHA session name (`session`, or `payload.name`). */
  sessionName: string | null;
  status: SessionStatus;
  /** The linked account; the envelope carries it only while WORKING. */
  me: Account | null;
  /**
   * Unix ms when Wawp emitted the event; `null` when the envelope has none, or one outside
   * {@link WEBHOOK_TIMESTAMP_WINDOW} of the receipt (then `timestampDiscarded` is true).
   */
  upstreamTs: number | null;
  /** The envelope had a timestamp, but not a believable one: it was ignored. */
  timestampDiscarded: boolean;
}

/**
 * How far before or after its receipt a webhook's own timestamp may lie. Outside it the
 * timestamp is ignored: a clock far ahead (or a value in another unit) would otherwise make
 * every later real webhook of the instance look older, for good.
 */
export const WEBHOOK_TIMESTAMP_WINDOW = { pastMs: 3 * 24 * 60 * 60_000, futureMs: 5 * 60_000 };

/** Deliveries without an `id` that repeat within this window are one (Wawp's retries). */
const LEGACY_DEDUP_WINDOW_MS = 60_000;

/**
 * A positive timestamp in seconds, milliseconds or microseconds, as unix ms, told apart by size
 * (seconds below 10^11, milliseconds below 10^14, microseconds below 10^17); `null` otherwise.
 */
export function toUnixMs(value: number): number | null {
  if (value < 1e11) {
    return value * 1_000;
  }
  if (value < 1e14) {
    return value;
  }
  return value < 1e17 ? Math.floor(value / 1_000) : null;
}

const withinWindow = (ts: number, receivedAt: number) =>
  ts >= receivedAt - WEBHOOK_TIMESTAMP_WINDOW.pastMs &&
  ts <= receivedAt + WEBHOOK_TIMESTAMP_WINDOW.futureMs;

type Json = Record<string, unknown>;
const isRecord = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : null);
const ms = (value: unknown) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : null;

function toAccount(value: unknown): Account | null {
  if (!isRecord(value) || text(value.id) === null) {
    return null;
  }
  return { id: value.id as string, pushName: text(value.pushName) };
}

function lastStatusTs(payload: Json): number | null {
  const statuses = Array.isArray(payload.statuses) ? payload.statuses : [];
  const last: unknown = statuses[statuses.length - 1];
  return isRecord(last) ? ms(last.timestamp) : null;
}

/**
 * Reads a `session.status` webhook received at `receivedAt`: the WAHA envelope Wawp reproduces
 * (`id`, ms `timestamp`, `event`, `session`, `me`, `payload.status`) or legacy Wawp's flat
 * `{instance_id, status, ts}`. Returns `null` for any other event, an unknown status, or a body
 * that is neither shape. A delivery without `id` is named by a hash of its body and the minute it
 * arrived in, so Wawp's retries of it are one delivery and a later identical one is not.
 * @see https://api.wawp.net/en/docs/session.status
 */
export function parseWebhook(body: unknown, receivedAt = Date.now()): WebhookObservation | null {
  if (!isRecord(body)) {
    return null;
  }
  const legacy = body.event === undefined && body.payload === undefined;
  if (!legacy && body.event !== 'session.status') {
    return null;
  }
  const payload = isRecord(body.payload) ? body.payload : {};
  const rawStatus = legacy ? body.status : payload.status;
  const wawpStatus = toWawpStatus(rawStatus);
  if (wawpStatus === 'UNKNOWN') {
    return null;
  }
  const metadata = isRecord(body.metadata) ? body.metadata : {};
  const instanceId = text(body.instance_id) ?? text(metadata.instance_id);
  const sessionName = text(body.session) ?? text(payload.name);
  const given = legacy ? ms(body.ts) : (ms(body.timestamp) ?? lastStatusTs(payload));
  const inMs = given === null ? null : toUnixMs(given);
  const upstreamTs = inMs !== null && withinWindow(inMs, receivedAt) ? inMs : null;
  const eventId =
    text(body.id) ??
    `sha256:${createHash('sha256')
      .update(JSON.stringify([Math.floor(receivedAt / LEGACY_DEDUP_WINDOW_MS), body]))
      .digest('hex')}`;
  return {
    eventId,
    instanceId,
    sessionName,
    status: toSessionStatus(wawpStatus),
    me: toAccount(body.me),
    upstreamTs,
    timestampDiscarded: given !== null && upstreamTs === null,
  };
}
