import type {
  NotificationDeliveryRecord,
  NotificationEndpointRecord,
  NotificationsPort,
} from '../notifications-port';

type Log = (method: string, arg?: string) => void;

/**
 * An in-memory {@link NotificationsPort}: one endpoint `ne-acme` of `t-acme`, with one delivery
 * `msg-0`, to start with.
 */
export function createNotifications(log: Log): NotificationsPort {
  const endpoints = new Map<string, NotificationEndpointRecord>([
    [
      'ne-acme',
      {
        id: 'ne-acme',
        tenantId: 't-acme',
        url: 'https://hooks.acme.test/wawp',
        kinds: ['SESSION_NEEDS_LINK'],
        description: null,
        includeConnectLink: true,
        connectLinkTtlMinutes: 1440,
        enabled: true,
        disabledReason: null,
        createdAt: new Date(0),
      },
    ],
  ]);
  const deliveries = new Map<string, NotificationDeliveryRecord>();
  const delivery = (endpointId: string): NotificationDeliveryRecord => ({
    id: `msg-${deliveries.size + 1}`,
    endpointId,
    kind: 'SESSION_NEEDS_LINK',
    instanceId: null,
    status: 'PENDING',
    attempts: 0,
    lastResponseStatus: null,
    lastError: null,
    nextAttemptAt: new Date(),
    createdAt: new Date(),
    deliveredAt: null,
  });
  const first = { ...delivery('ne-acme'), id: 'msg-0' };
  deliveries.set(first.id, first);
  const update = (id: string, patch: Partial<NotificationEndpointRecord>) => {
    const found = endpoints.get(id);
    const record = found ? { ...found, ...patch } : null;
    if (record) {
      endpoints.set(id, record);
    }
    return record;
  };
  return {
    listEndpoints: async (tenantId) => {
      log('listEndpoints', tenantId);
      return [...endpoints.values()].filter((e) => e.tenantId === tenantId);
    },
    getEndpoint: async (id) => endpoints.get(id) ?? null,
    createEndpoint: async (tenantId, input) => {
      log('createEndpoint', tenantId);
      const endpoint = {
        ...input,
        id: `ne-${endpoints.size + 1}`,
        tenantId,
        enabled: true,
        disabledReason: null,
        createdAt: new Date(),
      };
      endpoints.set(endpoint.id, endpoint);
      return { endpoint, secret: 'whsec_test' };
    },
    updateEndpoint: async (id, input) => {
      log('updateEndpoint', id);
      return update(id, input);
    },
    setEnabled: async (id, enabled) => {
      log('setEnabled', id);
      return update(id, { enabled });
    },
    deleteEndpoint: async (id) => {
      log('deleteEndpoint', id);
      return endpoints.delete(id);
    },
    rotateSecret: async (id) => {
      log('rotateSecret', id);
      const endpoint = endpoints.get(id);
      return endpoint ? { endpoint, secret: 'whsec_rotated' } : null;
    },
    sendTest: async (id) => {
      log('sendTest', id);
      const record = delivery(id);
      deliveries.set(record.id, record);
      return record;
    },
    listDeliveries: async (endpointId) => ({
      deliveries: [...deliveries.values()].filter((d) => d.endpointId === endpointId),
      hasNextPage: false,
    }),
    getDelivery: async (id) => deliveries.get(id) ?? null,
    redeliver: async (id) => {
      log('redeliver', id);
      return deliveries.get(id) ?? null;
    },
  };
}
