import type { SessionEvent } from '@wawp-gateway/schema';
import { isAccessKind, type Store } from '../store';
import type { NewDelivery } from '../store/notification-deliveries';
import { type EventNotification, notificationOf, TYPE_OF } from './notification-of';

/** Options of {@link createOutbox}. */
export interface OutboxOptions {
  store: Pick<Store, 'events' | 'states' | 'directory' | 'notifications'>;
  /** Log entries read per step. @default 200 */
  batch?: number;
}

/**
 * Turns the event log into notification deliveries. It follows the log from a position stored
 * in the database, and records a step's deliveries in the same transaction as the position it
 * reached, so an event is notified once whatever crashes between it and the POST; of replicas
 * planning the same step at once, one commits (the position's row lock and check).
 */
export function createOutbox(options: OutboxOptions) {
  const { store } = options;
  const batch = options.batch ?? 200;

  /**
   * Wawp's health as a tenant sees it: unavailable while any of its instances is reported
   * unhealthy. Told once per change of that, not per instance; `upstream` holds, per tenant
   * touched in this step, the unhealthy instances (committed with the step).
   */
  const upstreamChange = async (
    event: Extract<SessionEvent, { kind: 'UpstreamHealthChanged' }>,
    tenantId: string,
    upstream: Map<string, string[]>,
  ): Promise<EventNotification | null> => {
    const before =
      upstream.get(tenantId) ?? (await store.notifications.deliveries.unhealthyOf(tenantId));
    const after = event.healthy
      ? before.filter((id) => id !== event.instanceId)
      : [...new Set([...before, event.instanceId])];
    upstream.set(tenantId, after);
    const wasDown = before.length > 0;
    const isDown = after.length > 0;
    if (wasDown === isDown) {
      return null;
    }
    return {
      kind: isDown ? 'UPSTREAM_UNAVAILABLE' : 'UPSTREAM_RECOVERED',
      reason: event.detail,
    };
  };

  const plan = async (
    event: SessionEvent,
    upstream: Map<string, string[]>,
  ): Promise<NewDelivery[]> => {
    const instance = await store.directory.getInstance(event.instanceId);
    if (!instance?.tenantId) {
      return [];
    }
    const notification =
      event.kind === 'UpstreamHealthChanged'
        ? await upstreamChange(event, instance.tenantId, upstream)
        : notificationOf(event);
    if (!notification) {
      return [];
    }
    const endpoints = await store.notifications.endpoints.subscribed(
      instance.tenantId,
      notification.kind,
    );
    if (endpoints.length === 0) {
      return [];
    }
    const state = await store.states.get(event.instanceId);
    const payload = {
      type: TYPE_OF[notification.kind],
      timestamp: event.occurredAt.toISOString(),
      data: {
        instanceId: event.instanceId,
        externalRef: instance.externalRef,
        tenantId: instance.tenantId,
        // the status the event reached, else the latest (a disconnect's own status change may follow)
        status:
          event.kind === 'SessionStatusChanged' ? event.status : (state?.session.status ?? null),
        reason: notification.reason,
        occurredAt: event.occurredAt.toISOString(),
        eventCursor: event.cursor,
      },
    };
    const aboutTenant = event.kind === 'UpstreamHealthChanged';
    return endpoints.map((endpoint) => ({
      endpointId: endpoint.id,
      kind: notification.kind,
      // a tenant-wide notification is ordered with the tenant's other tenant-wide ones
      instanceId: aboutTenant ? null : event.instanceId,
      eventSeq: Number(event.cursor),
      payload,
    }));
  };

  return {
    /** Reads one batch of the log; resolves how many deliveries it recorded. */
    async step(): Promise<number> {
      const { deliveries } = store.notifications;
      const from = await deliveries.position();
      // Without an endpoint nothing is planned: move on without reading the log (on a cluster
      // with the Redis bus, that keeps the log's reads to what the bus missed). `latest` is read
      // first: an endpoint enabled before any event up to it committed is seen by the check.
      const latest = await store.events.latestSeq();
      if (!(await store.notifications.endpoints.anyEnabled())) {
        if (latest > from) {
          await deliveries.skip(from, latest);
        }
        return 0;
      }
      const entries = await store.events.readLogAfter({ afterSeq: from, limit: batch });
      const last = entries.at(-1);
      if (!last) {
        return 0;
      }
      const planned: NewDelivery[] = [];
      const upstream = new Map<string, string[]>();
      for (const entry of entries) {
        if (!isAccessKind(entry.kind)) {
          planned.push(...(await plan(entry as SessionEvent, upstream)));
        }
      }
      // planned outside the transaction (an embedded database has one connection), committed
      // only if no other replica moved the position meanwhile
      const committed = await deliveries.advance(from, Number(last.cursor), planned, upstream);
      return committed ? planned.length : 0;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
