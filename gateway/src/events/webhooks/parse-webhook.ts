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
  /** Unix ms when Wawp emitted the event, `null` when the envelope has no timestamp. */
  upstreamTs: number | null;
}

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
 * Reads a `session.status` webhook: the WAHA envelope Wawp reproduces (`id`, ms `timestamp`,
 * `event`, `session`, `me`, `payload.status`) or legacy Wawp's flat `{instance_id, status, ts}`.
 * Returns `null` for any other event, an unknown status, or a body that is neither shape.
 * @see https://api.wawp.net/en/docs/session.status
 */
export function parseWebhook(body: unknown): WebhookObservation | null {
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
  const legacyTs = ms(body.ts);
  const upstreamTs = legacy
    ? legacyTs && legacyTs < 1e12
      ? legacyTs * 1_000
      : legacyTs
    : (ms(body.timestamp) ?? lastStatusTs(payload));
  const eventId =
    text(body.id) ??
    `sha256:${createHash('sha256')
      .update(JSON.stringify([sessionName ?? instanceId, 'session.status', rawStatus, upstreamTs]))
      .digest('hex')}`;
  return {
    eventId,
    instanceId,
    sessionName,
    status: toSessionStatus(wawpStatus),
    me: toAccount(body.me),
    upstreamTs,
  };
}
