import type { SessionEvent } from '@wawp-gateway/schema';
import type { Kysely } from 'kysely';
import { ACCESS_KINDS, isAccessKind, toAccessChange } from './access-log';
import type { Database } from './database';
import { appendEvent } from './event-append';
import { toSessionEvent } from './event-codec';
import type { EventLog } from './event-log-types';
import { createEventRetention } from './event-retention';

const DEFAULT_READ_LIMIT = 1_000;

/**
 * @private The event log; `channel` is where each append is announced (a NOTIFY with its seq),
 * and `onCommitted`, if any, is told each appended event once committed (the Redis bus).
 */
export function createEventLog(
  db: Kysely<Database>,
  channel: string,
  onCommitted?: (events: readonly SessionEvent[]) => void,
): EventLog {
  let rowsRead = 0;
  const counted = <T>(rows: T[]): T[] => {
    rowsRead += rows.length;
    return rows;
  };
  const toEntry = (row: Parameters<typeof toSessionEvent>[0]) =>
    isAccessKind(row.kind) ? toAccessChange(row) : toSessionEvent(row);
  return {
    // One statement, so one transaction of its own (see `appendEvent`).
    async append(event) {
      const appended = await appendEvent(db, channel, event);
      onCommitted?.([appended]);
      return appended;
    },

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
      const rows = counted(await query.orderBy('seq').limit(limit).execute());
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
      return counted(rows).map(toEntry);
    },

    async readSeqs(seqs) {
      if (seqs.length === 0) {
        return [];
      }
      const rows = await db
        .selectFrom('session_events')
        .select(['seq', 'instance_id', 'kind', 'source', 'occurred_at', 'payload'])
        .where('seq', 'in', [...new Set(seqs)])
        .orderBy('seq')
        .execute();
      return counted(rows).map(toEntry);
    },

    get rowsRead() {
      return rowsRead;
    },

    latestSeq: () => latestSeq(db),
    ...createEventRetention(db, () => latestSeq(db)),
  };
}

async function latestSeq(db: Kysely<Database>): Promise<number> {
  const row = await db.selectFrom('event_seq').select('seq').where('id', '=', 1).executeTakeFirst();
  return row ? Number(row.seq) : 0;
}
