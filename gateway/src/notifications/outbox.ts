import type { SessionEvent } from '@wawp-gateway/schema';
import { isAccessKind, type Store } from '../store';
import type { NewDelivery } from '../store/notification-deliveries';
import { notificationOf, TYPE_OF } from './notification-of';

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

  const plan = async (event: SessionEvent): Promise<NewDelivery[]> => {
    const notification = notificationOf(event);
    if (!notification) {
      return [];
    }
    const instance = await store.directory.getInstance(event.instanceId);
    if (!instance?.tenantId) {
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
        status: state?.session.status ?? null,
        reason: notification.reason,
        occurredAt: event.occurredAt.toISOString(),
        eventCursor: event.cursor,
      },
    };
    return endpoints.map((endpoint) => ({
      endpointId: endpoint.id,
      kind: notification.kind,
      instanceId: event.instanceId,
      eventSeq: Number(event.cursor),
      payload,
    }));
  };

  return {
    /** Reads one batch of the log; resolves how many deliveries it recorded. */
    async step(): Promise<number> {
      const { deliveries } = store.notifications;
      const from = await deliveries.position();
      const entries = await store.events.readLogAfter({ afterSeq: from, limit: batch });
      const last = entries.at(-1);
      if (!last) {
        return 0;
      }
      const planned: NewDelivery[] = [];
      for (const entry of entries) {
        if (!isAccessKind(entry.kind)) {
          planned.push(...(await plan(entry as SessionEvent)));
        }
      }
      // planned outside the transaction (an embedded database has one connection), committed
      // only if no other replica moved the position meanwhile
      return (await deliveries.advance(from, Number(last.cursor), planned)) ? planned.length : 0;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
