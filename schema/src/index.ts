export { canSee, credentialOf, visibleInstancesFilter } from './access';
export { EMPTY_BRANDING } from './branding';
export { LINK_PAIRING_LIMIT, LINK_TTL_MINUTES } from './connect-link-rules';
export { createSchemaContext, type SchemaContext, type SchemaPorts } from './context';
export { ErrorCode, type ErrorExtras, errorCodeOf, gatewayError, hasErrorCode } from './errors';
export { ITERATION_DONE } from './iteration-done';
export { schema } from './modules/index';
export {
  DELIVERY_STATUSES,
  type DeliveryPage,
  type DeliveryStatus,
  type EndpointWithSecret,
  NOTIFICATION_KINDS,
  type NotificationDeliveryRecord,
  type NotificationEndpointInput,
  type NotificationEndpointRecord,
  type NotificationKind,
  type NotificationsPort,
} from './notifications-port';
export { normalizePhoneNumber } from './phone-number';
export {
  type Account,
  type ApiKeyRecord,
  type ConnectLinkRecord,
  DISCONNECT_REASONS,
  type DirectoryPort,
  type DisconnectReason,
  EVENT_SOURCES,
  type EventSource,
  type EventsPort,
  type InstanceRecord,
  type IssuedApiKey,
  type IssuedConnectLink,
  type LinkViewer,
  type PairingCode,
  type PortCall,
  type QrCode,
  type Screenshot,
  SESSION_STATUSES,
  type SessionEvent,
  type SessionEventKind,
  type SessionState,
  type SessionStatus,
  type SessionsPort,
  type TenantBranding,
  type TenantRecord,
  type Viewer,
} from './ports';
export { CloseCode, FATAL_PROTOCOL_CLOSE_CODES } from './protocol';
export { type InterruptReason, streamInterrupted } from './stream-interrupted';
export { UPSTREAM_BUDGET, withUpstreamBudget } from './upstream-budget';
