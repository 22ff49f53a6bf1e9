import { type Kysely, sql } from 'kysely';
import { toCursor } from './cursor';
import type { Database } from './database';

/**
 * A change of who may see what, written into the event log itself so that every replica applies
 * it at the same log position: no event appended after a revocation or a reassignment reaches a
 * stream that lost access, whichever replica serves it.
 */
export type AccessChange =
  /** An API key was revoked: every stream it opened ends. */
  | { kind: 'ApiKeyRevoked'; keyId: string }
  /**
   * A connect link was revoked (its streams end at once) or used (they end once what they
   * hold, the WORKING that used it, is delivered).
   */
  | { kind: 'ConnectLinkEnded'; linkId: string; reason: 'revoked' | 'used' }
  /**
   * An instance was registered, reassigned (`tenantId`) or removed (`registered: false`); its
   * new owner sees only what comes after this position.
   */
  | { kind: 'InstanceAssigned'; instanceId: string; tenantId: string | null; registered: boolean };

/** An access change as read back from the log, with its position (a cursor, like an event's). */
export type LoggedAccessChange = AccessChange & { cursor: string };

/** The log kinds of access changes: never delivered, never replayed. */
export const ACCESS_KINDS: readonly AccessChange['kind'][] = [
  'ApiKeyRevoked',
  'ConnectLinkEnded',
  'InstanceAssigned',
];

/** Whether a log entry (or a log row's `kind`) is an access change rather than an event. */
export const isAccessKind = (kind: string): kind is AccessChange['kind'] =>
  (ACCESS_KINDS as readonly string[]).includes(kind);

/** Instance ids of access changes that concern no instance (key revocations). */
const NO_INSTANCE = '';

/**
 * @private Appends `change` (inside the caller's transaction, if `db` is one) and announces it
 * like an event, as `{kind: 'access', seq, instanceId}`; resolves with its seq.
 */
export async function appendAccessChange(
  db: Kysely<Database>,
  channel: string,
  change: AccessChange,
): Promise<number> {
  const { kind, ...payload } = change;
  const instanceId = change.kind === 'InstanceAssigned' ? change.instanceId : NO_INSTANCE;
  const { rows } = await sql<{ seq: string | number }>`
    with next as (
      update event_seq set seq = seq + 1 where id = 1 returning seq
    ), inserted as (
      insert into session_events (seq, instance_id, kind, source, occurred_at, payload)
      select seq, ${instanceId}, ${kind}, 'GATEWAY', now(), cast(${JSON.stringify(payload)} as jsonb)
      from next
      returning seq, instance_id
    )
    select seq, pg_notify(${channel}, json_build_object(
      'kind', 'access', 'seq', seq, 'instanceId', instance_id)::text) as notified
    from inserted`.execute(db);
  const row = rows[0];
  if (!row) {
    throw new Error('store: event_seq row is missing');
  }
  return Number(row.seq);
}

/** @private The access change stored in a log row of one of {@link ACCESS_KINDS}. */
export function toAccessChange(row: {
  seq: string | number | bigint;
  kind: string;
  payload: unknown;
}): LoggedAccessChange {
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const cursor = toCursor(Number(row.seq));
  if (row.kind === 'ApiKeyRevoked') {
    return { kind: 'ApiKeyRevoked', keyId: String(payload.keyId), cursor };
  }
  if (row.kind === 'ConnectLinkEnded') {
    const reason = payload.reason === 'used' ? 'used' : 'revoked';
    return { kind: 'ConnectLinkEnded', linkId: String(payload.linkId), reason, cursor };
  }
  return {
    kind: 'InstanceAssigned',
    instanceId: String(payload.instanceId),
    tenantId: typeof payload.tenantId === 'string' ? payload.tenantId : null,
    registered: payload.registered === true,
    cursor,
  };
}
