import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import type { DeliveryLog } from './event-log-types';

/** @private Webhook deliveries keyed by upstream event id (`ON CONFLICT DO NOTHING`). */
export function createDeliveryLog(db: Kysely<Database>): DeliveryLog {
  return {
    async record(eventId, instanceId, body) {
      const row = await db
        .insertInto('webhook_deliveries')
        .values({ event_id: eventId, instance_id: instanceId, body: JSON.stringify(body ?? null) })
        .onConflict((oc) => oc.column('event_id').doNothing())
        .returning('event_id')
        .executeTakeFirst();
      return row !== undefined;
    },
    async markProcessed(eventId) {
      await db
        .updateTable('webhook_deliveries')
        .set({ processed_at: sql<Date>`now()` })
        .where('event_id', '=', eventId)
        .execute();
    },
    async pending({ olderThanMs, limit = 100 }) {
      const rows = await db
        .selectFrom('webhook_deliveries')
        .select(['event_id', 'instance_id', 'body'])
        .where('processed_at', 'is', null)
        .where(
          'received_at',
          '<=',
          sql<Date>`now() - cast(${olderThanMs} as float8) * interval '1 millisecond'`,
        )
        .orderBy('received_at')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        eventId: row.event_id,
        instanceId: row.instance_id,
        body:
          typeof row.body === 'string' ? (JSON.parse(row.body) as unknown) : (row.body as unknown),
      }));
    },
    async prune({ maxAgeMs }) {
      const { numDeletedRows } = await db
        .deleteFrom('webhook_deliveries')
        .where(
          'received_at',
          '<',
          sql<Date>`now() - cast(${maxAgeMs} as float8) * interval '1 millisecond'`,
        )
        .executeTakeFirst();
      return Number(numDeletedRows);
    },
  };
}
