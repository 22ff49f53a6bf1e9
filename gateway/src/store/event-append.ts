import type { SessionEvent } from '@wawp-gateway/schema';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import { type EventRow, toEventColumns, toSessionEvent } from './event-codec';
import type { NewSessionEvent } from './event-log-types';

/**
 * @private Appends one event and announces it on `channel` with `{kind: 'event', seq,
 * instanceId}`, which wakes every replica's reader. `db` may be the
 * store's kysely or a kysely transaction: the statement bumps the counter row (whose lock orders
 * the appends and is held until commit, so seq order is commit order), inserts with the new seq
 * and NOTIFYs, and the notification goes out only when the enclosing transaction commits.
 */
export async function appendEvent(
  db: Kysely<Database>,
  channel: string,
  event: NewSessionEvent,
): Promise<SessionEvent> {
  const c = toEventColumns(event);
  const { rows } = await sql<EventRow>`
    with next as (
      update event_seq set seq = seq + 1 where id = 1 returning seq
    ), inserted as (
      insert into session_events (seq, instance_id, kind, source, occurred_at, payload)
      select seq, ${c.instanceId}, ${c.kind}, ${c.source},
        cast(${c.occurredAt} as timestamptz), cast(${c.payload} as jsonb)
      from next
      returning seq, instance_id, kind, source, occurred_at, payload
    )
    select inserted.*, pg_notify(${channel}, json_build_object(
      'kind', 'event', 'seq', seq, 'instanceId', instance_id)::text) as notified
    from inserted`.execute(db);
  const row = rows[0];
  if (!row) {
    throw new Error('store: event_seq row is missing');
  }
  return toSessionEvent(row);
}
