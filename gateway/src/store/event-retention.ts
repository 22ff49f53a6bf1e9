import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import type { EventLog } from './event-log-types';

type RetentionPart = Pick<EventLog, 'oldestSeq' | 'canResume' | 'prune'>;

/**
 * @private Retention of the event log. Pruning records, per instance, the highest seq it deleted
 * (`event_retention`), which is what makes `canResume` exact rather than a guess from the oldest
 * retained row (an instance may simply have had no events in a range).
 */
export function createEventRetention(
  db: Kysely<Database>,
  latestSeq: () => Promise<number>,
): RetentionPart {
  return {
    async oldestSeq(instanceId) {
      let query = db.selectFrom('session_events').select((eb) => eb.fn.min('seq').as('oldest'));
      if (instanceId !== undefined) {
        query = query.where('instance_id', '=', instanceId);
      }
      const row = await query.executeTakeFirst();
      return row?.oldest == null ? null : Number(row.oldest);
    },

    async canResume({ afterSeq, instanceIds = null }) {
      if (afterSeq > (await latestSeq())) {
        return false;
      }
      if (instanceIds?.length === 0) {
        return true;
      }
      let query = db
        .selectFrom('event_retention')
        .select((eb) => eb.fn.max('pruned_through').as('pruned'));
      if (instanceIds) {
        query = query.where('instance_id', 'in', [...new Set(instanceIds)]);
      }
      const row = await query.executeTakeFirst();
      return row?.pruned == null || afterSeq >= Number(row.pruned);
    },

    async prune({ keepPerInstance, maxAgeMs }) {
      // Data-modifying CTEs all run to completion, so the watermark update needs no transaction.
      const { rows } = await sql<{ deleted: string | number }>`
        with doomed as (
          select seq from (
            select seq, appended_at,
              row_number() over (partition by instance_id order by seq desc) as rank
            from session_events
          ) ranked
          where rank > ${keepPerInstance}
            or appended_at < now() - cast(${maxAgeMs} as float8) * interval '1 millisecond'
        ), deleted as (
          delete from session_events e using doomed d where e.seq = d.seq
          returning e.seq, e.instance_id
        ), marked as (
          insert into event_retention (instance_id, pruned_through)
          select instance_id, max(seq) from deleted group by instance_id
          on conflict (instance_id) do update set pruned_through =
            greatest(event_retention.pruned_through, excluded.pruned_through)
        )
        select count(*) as deleted from deleted`.execute(db);
      return Number(rows[0]?.deleted ?? 0);
    },
  };
}
