import type {
  DeliveryPage,
  DeliveryStatus,
  NotificationDeliveryRecord,
  NotificationKind,
} from '@wawp-gateway/schema';
import { type Kysely, type Selectable, sql } from 'kysely';
import { ulid } from 'ulid';
import type { Database } from './database';

type Row = Selectable<Database['notification_deliveries']>;

/** A delivery to record: what it is about, and the JSON body it POSTs (minus its link). */
export interface NewDelivery {
  endpointId: string;
  kind: NotificationKind;
  instanceId: string | null;
  /** The event behind it; one delivery per endpoint and event. */
  eventSeq: number | null;
  payload: Record<string, unknown>;
}

/** A delivery claimed for one attempt, with its body. */
export interface ClaimedDelivery extends NotificationDeliveryRecord {
  payload: Record<string, unknown>;
  /** When its 24 h of retries began. */
  queuedAt: Date;
}

/** How long a claim keeps other replicas off a delivery: longer than one attempt (10 s). */
const CLAIM_MS = 30_000;

/** @private The outbox of notifications, and the position in the event log it has reached. */
export function createNotificationDeliveries(db: Kysely<Database>) {
  return {
    /** Records deliveries (an event's again is a no-op); resolves the ones recorded now. */
    add: (deliveries: readonly NewDelivery[]) => addTo(db, deliveries),
    /** The instances of `tenantId` last reported unhealthy. */
    async unhealthyOf(tenantId: string): Promise<string[]> {
      const row = await db
        .selectFrom('notification_tenant_upstream')
        .select('unhealthy')
        .where('tenant_id', '=', tenantId)
        .executeTakeFirst();
      return (row?.unhealthy as string[] | undefined) ?? [];
    },
    /** How far the log has been turned into deliveries. */
    async position(): Promise<number> {
      const row = await db
        .selectFrom('notification_cursor')
        .select('seq')
        .where('id', '=', 1)
        .executeTakeFirstOrThrow();
      return Number(row.seq);
    },
    /**
     * Moves the position from `from` to `to` without planning (no endpoint is enabled, so the
     * log need not be read), if it is still `from`. What the outbox knew of Wawp's health per
     * tenant is forgotten with it, as on a fresh database: it heard none of those events.
     */
    skip: (from: number, to: number) =>
      db.transaction().execute(async (trx) => {
        const moved = await trx
          .updateTable('notification_cursor')
          .set({ seq: to })
          .where('id', '=', 1)
          .where('seq', '=', from)
          .executeTakeFirst();
        if (Number(moved.numUpdatedRows) === 0) {
          return false;
        }
        await trx.deleteFrom('notification_tenant_upstream').execute();
        return true;
      }),
    /**
     * Records the deliveries of the log from `from` to `to` and moves the position there, in one
     * transaction, if the position is still `from` (else another replica did it: `false`). A
     * crash before it commits leaves both undone, so the events are turned into deliveries again,
     * once.
     */
    advance: (
      from: number,
      to: number,
      deliveries: readonly NewDelivery[],
      /** Per tenant, the instances now unhealthy (only tenants whose set changed). */
      upstream: ReadonlyMap<string, readonly string[]> = new Map(),
    ) =>
      db.transaction().execute(async (trx) => {
        const row = await trx
          .selectFrom('notification_cursor')
          .select('seq')
          .where('id', '=', 1)
          .forUpdate()
          .executeTakeFirstOrThrow();
        if (Number(row.seq) !== from) {
          return false;
        }
        await addTo(trx, deliveries);
        for (const [tenantId, unhealthy] of upstream) {
          await trx
            .insertInto('notification_tenant_upstream')
            .values({ tenant_id: tenantId, unhealthy: JSON.stringify(unhealthy) })
            .onConflict((oc) =>
              oc.column('tenant_id').doUpdateSet({ unhealthy: JSON.stringify(unhealthy) }),
            )
            .execute();
        }
        await trx.updateTable('notification_cursor').set({ seq: to }).where('id', '=', 1).execute();
        return true;
      }),

    /**
     * Claims up to `limit` due deliveries for `owner`: the oldest open one of each endpoint and
     * instance only (order per endpoint and instance), none another replica holds.
     */
    async claimDue(owner: string, limit: number): Promise<ClaimedDelivery[]> {
      const rows = await sql<Row>`
        update notification_deliveries d
        set claimed_by = ${owner}, claimed_until = now() + ${`${CLAIM_MS} milliseconds`}::interval
        where d.id in (
          select c.id from notification_deliveries c
          join notification_endpoints e on e.id = c.endpoint_id and e.enabled
          where c.status in ('PENDING', 'RETRYING') and c.next_attempt_at <= now()
            and (c.claimed_until is null or c.claimed_until < now())
            and not exists (
              select 1 from notification_deliveries o
              where o.endpoint_id = c.endpoint_id
                and coalesce(o.instance_id, '') = coalesce(c.instance_id, '')
                and o.status in ('PENDING', 'RETRYING')
                and (o.created_at, o.id) < (c.created_at, c.id))
          order by c.next_attempt_at, c.id
          limit ${limit}
          for update of c skip locked)
        returning d.*`.execute(db);
      return rows.rows.map((row) => ({
        ...toRecord(row),
        payload: row.payload as Record<string, unknown>,
        queuedAt: new Date(row.queued_at),
      }));
    },
    /** Keeps a claimed delivery's body (its connect link, made on the first attempt). */
    async setPayload(id: string, payload: Record<string, unknown>) {
      await db
        .updateTable('notification_deliveries')
        .set({ payload: JSON.stringify(payload) })
        .where('id', '=', id)
        .execute();
    },
    /** Records one attempt's outcome and releases the claim. */
    async record(
      id: string,
      outcome: {
        status: DeliveryStatus;
        responseStatus: number | null;
        error: string | null;
        nextAttemptAt: Date | null;
      },
    ) {
      await db
        .updateTable('notification_deliveries')
        .set((eb) => ({
          status: outcome.status,
          attempts: eb('attempts', '+', 1),
          last_response_status: outcome.responseStatus,
          last_error: outcome.error,
          ...(outcome.nextAttemptAt ? { next_attempt_at: outcome.nextAttemptAt } : {}),
          delivered_at: outcome.status === 'DELIVERED' ? sql<Date>`now()` : null,
          claimed_by: null,
          claimed_until: null,
        }))
        .where('id', '=', id)
        .execute();
    },
    /** Fails every open delivery of an endpoint (it was disabled). */
    async failOpen(endpointId: string, error: string) {
      await db
        .updateTable('notification_deliveries')
        .set({ status: 'FAILED', last_error: error, claimed_by: null, claimed_until: null })
        .where('endpoint_id', '=', endpointId)
        .where('status', 'in', ['PENDING', 'RETRYING'])
        .execute();
    },
    async get(id: string) {
      const row = await db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    /** Queues a delivery again from scratch. */
    async redeliver(id: string) {
      const row = await db
        .updateTable('notification_deliveries')
        .set({
          status: 'PENDING',
          attempts: 0,
          next_attempt_at: sql<Date>`now()`,
          queued_at: sql<Date>`now()`,
          delivered_at: null,
          last_error: null,
          claimed_by: null,
          claimed_until: null,
        })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    /** Newest first; `after` is the id of the last delivery of the previous page. */
    async list(
      endpointId: string,
      page: { first: number; after: string | null },
    ): Promise<DeliveryPage> {
      let query = db
        .selectFrom('notification_deliveries')
        .selectAll()
        .where('endpoint_id', '=', endpointId);
      if (page.after) {
        query = query.where('id', '<', page.after);
      }
      const rows = await query
        .orderBy('id', 'desc')
        .limit(page.first + 1)
        .execute();
      return {
        deliveries: rows.slice(0, page.first).map(toRecord),
        hasNextPage: rows.length > page.first,
      };
    },
  };
}

/** Inserts `deliveries` with `db` (a transaction or not), skipping an event's repeats. */
async function addTo(db: Kysely<Database>, deliveries: readonly NewDelivery[]) {
  if (deliveries.length === 0) {
    return [];
  }
  const rows = await db
    .insertInto('notification_deliveries')
    .values(
      deliveries.map((d) => ({
        id: `msg_${ulid()}`,
        endpoint_id: d.endpointId,
        kind: d.kind,
        instance_id: d.instanceId,
        event_seq: d.eventSeq,
        payload: JSON.stringify(d.payload),
        status: 'PENDING',
      })),
    )
    .onConflict((oc) =>
      oc.columns(['endpoint_id', 'event_seq']).where('event_seq', 'is not', null).doNothing(),
    )
    .returningAll()
    .execute();
  return rows.map(toRecord);
}

export type NotificationDeliveries = ReturnType<typeof createNotificationDeliveries>;

function toRecord(row: Row): NotificationDeliveryRecord {
  const open = row.status === 'PENDING' || row.status === 'RETRYING';
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    kind: row.kind as NotificationKind,
    instanceId: row.instance_id,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    lastResponseStatus: row.last_response_status,
    lastError: row.last_error,
    nextAttemptAt: open ? row.next_attempt_at : null,
    createdAt: row.created_at,
    deliveredAt: row.delivered_at,
  };
}
