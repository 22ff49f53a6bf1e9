import {
  ErrorCode,
  gatewayError,
  type NotificationEndpointInput,
  type NotificationsPort,
} from '@wawp-gateway/schema';
import type { Store } from '../store';
import { TYPE_OF } from './notification-of';
import { checkTargetUrl, type SafePostOptions } from './safe-post';

/** Options of {@link createNotificationsService}. */
export interface NotificationsServiceOptions {
  store: Pick<Store, 'notifications'>;
  /** Which targets are allowed (https; http and private addresses only when allowed). */
  policy: SafePostOptions;
}

/**
 * The `NotificationsPort` the schema sees: endpoints (their URL checked against the outbound
 * policy, so a private or plain-http target is refused when it is made) and their deliveries.
 */
export function createNotificationsService(
  options: NotificationsServiceOptions,
): NotificationsPort {
  const { endpoints, deliveries } = options.store.notifications;

  const checked = (input: NotificationEndpointInput) => {
    const verdict = checkTargetUrl(input.url, options.policy);
    if (!verdict.ok) {
      throw gatewayError(ErrorCode.BadUserInput, `url ${verdict.reason}`, { field: 'url' });
    }
    return { ...input, url: new URL(input.url).href };
  };

  return {
    listEndpoints: (tenantId) => endpoints.list(tenantId),
    getEndpoint: (id) => endpoints.get(id),
    createEndpoint: (tenantId, input) => endpoints.create(tenantId, checked(input)),
    updateEndpoint: (id, input) => endpoints.update(id, checked(input)),
    setEnabled: (id, enabled) => endpoints.setEnabled(id, enabled),
    deleteEndpoint: (id) => endpoints.delete(id),
    rotateSecret: (id) => endpoints.rotate(id),
    async sendTest(id) {
      const endpoint = await endpoints.get(id);
      const kind = endpoint?.kinds[0];
      if (!endpoint || !kind) {
        return null;
      }
      // a sample of what the endpoint will get, marked as a test, so its real handler runs
      const now = new Date().toISOString();
      const [delivery] = await deliveries.add([
        {
          endpointId: id,
          kind,
          instanceId: null,
          eventSeq: null,
          payload: {
            type: TYPE_OF[kind],
            timestamp: now,
            data: { test: true, tenantId: endpoint.tenantId, instanceId: null, occurredAt: now },
          },
        },
      ]);
      return delivery ?? null;
    },
    listDeliveries: (endpointId, page) => deliveries.list(endpointId, page),
    getDelivery: (id) => deliveries.get(id),
    redeliver: (id) => deliveries.redeliver(id),
  };
}
