import type { Kysely } from 'kysely';
import { ACCESS_KINDS, isAccessKind, toAccessChange } from './access-log';
import type { Database } from './database';
import { appendEvent } from './event-append';
import { toSessionEvent } from './event-codec';
import type { EventLog } from './event-log-types';
import { createEventRetention } from './event-retention';

const DEFAULT_READ_LIMIT = 1_000;

/** @private The event log; `channel` is where each append is announced (`EventNotice`). */
export function createEventLog(db: Kysely<Database>, channel: string): EventLog {
  return {
    // One statement, so one transaction of its own (see `appendEvent`).
    append: (event) => appendEvent(db, channel, event),

    async readAfter({ afterSeq, instanceIds = null, limit = DEFAULT_READ_LIMIT }) {
      if (instanceIds?.length === 0) {
        return [];
      }
      let query = db
        .selectFrom('session_events')
        .select(['seq', 'instance_id', 'kind', 'source', 'occurred_at', 'payload'])
        .where('seq', '>', afterSeq)
        .where('kind', 'not in', ACCESS_KINDS);
      if (instanceIds) {
        query = query.where('instance_id', 'in', [...new Set(instanceIds)]);
      }
      const rows = await query.orderBy('seq').limit(limit).execute();
      return rows.map(toSessionEvent);
    },

    async readLogAfter({ afterSeq, limit = DEFAULT_READ_LIMIT }) {
      const rows = await db
        .selectFrom('session_events')
        .select(['seq', 'instance_id', 'kind', 'source', 'occurred_at', 'payload'])
        .where('seq', '>', afterSeq)
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((row) =>
        isAccessKind(row.kind) ? toAccessChange(row) : toSessionEvent(row),
      );
    },

    latestSeq: () => latestSeq(db),
    ...createEventRetention(db, () => latestSeq(db)),
  };
}

async function latestSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('event_seq').select('seq').where('id', '=', 1).executeTakeFirst();
  return row ? Number(row.seq) : 0;
}
