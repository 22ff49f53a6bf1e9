/** What an integrator's backend can be told about its sessions. */
export const NOTIFICATION_KINDS = [
  'SESSION_NEEDS_LINK',
  'SESSION_LINKED',
  'SESSION_STUCK',
  'UPSTREAM_UNAVAILABLE',
  'UPSTREAM_RECOVERED',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const DELIVERY_STATUSES = ['PENDING', 'DELIVERED', 'RETRYING', 'FAILED'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** An endpoint as listed: never its secret, which is shown once. */
export interface NotificationEndpointRecord {
  id: string;
  tenantId: string;
  url: string;
  kinds: NotificationKind[];
  description: string | null;
  includeConnectLink: boolean;
  connectLinkTtlMinutes: number;
  enabled: boolean;
  /** Why the gateway disabled it (`410 Gone`, failing for 3 days), when it did. */
  disabledReason: string | null;
  createdAt: Date;
}

/** The input of `createNotificationEndpoint` and `updateNotificationEndpoint`, checked. */
export interface NotificationEndpointInput {
  url: string;
  kinds: NotificationKind[];
  description: string | null;
  includeConnectLink: boolean;
  connectLinkTtlMinutes: number;
}

/** An endpoint with its signing secret (`whsec_…`): only when made or rotated. */
export interface EndpointWithSecret {
  endpoint: NotificationEndpointRecord;
  secret: string;
}

/** One notification to one endpoint, and how its delivery went. */
export interface NotificationDeliveryRecord {
  /** Also its `webhook-id`: the same on every attempt. */
  id: string;
  endpointId: string;
  kind: NotificationKind;
  instanceId: string | null;
  status: DeliveryStatus;
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: Date | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

/** A page of deliveries, newest first. */
export interface DeliveryPage {
  deliveries: NotificationDeliveryRecord[];
  hasNextPage: boolean;
}

/**
 * Outbound notifications: endpoints per tenant and their deliveries. Writes validate the URL
 * (https; see the gateway's outbound policy) and throw `BAD_USER_INPUT` for a bad one.
 */
export interface NotificationsPort {
  listEndpoints(tenantId: string): Promise<NotificationEndpointRecord[]>;
  getEndpoint(id: string): Promise<NotificationEndpointRecord | null>;
  createEndpoint(tenantId: string, input: NotificationEndpointInput): Promise<EndpointWithSecret>;
  updateEndpoint(
    id: string,
    input: NotificationEndpointInput,
  ): Promise<NotificationEndpointRecord | null>;
  setEnabled(id: string, enabled: boolean): Promise<NotificationEndpointRecord | null>;
  deleteEndpoint(id: string): Promise<boolean>;
  /** A new secret; the old one keeps signing alongside it for 24 h. */
  rotateSecret(id: string): Promise<EndpointWithSecret | null>;
  /** Queues a test notification to the endpoint. */
  sendTest(id: string): Promise<NotificationDeliveryRecord | null>;
  listDeliveries(
    endpointId: string,
    page: { first: number; after: string | null },
  ): Promise<DeliveryPage>;
  getDelivery(id: string): Promise<NotificationDeliveryRecord | null>;
  /** Queues the delivery again (attempts start over). */
  redeliver(id: string): Promise<NotificationDeliveryRecord | null>;
}
