export { type AccessChange, isAccessKind, type LoggedAccessChange } from './access-log';
export { LINK_TOKEN_PREFIX } from './connect-link-token';
export { createStore, type StoreOptions } from './create-store';
export { seqOf, toCursor, toSeq } from './cursor';
export type { RetryDelays } from './engine';
export { UnknownTenantError } from './errors';
export type {
  DeliveryLog,
  EventLog,
  LogEntry,
  NewSessionEvent,
  PendingDelivery,
} from './event-log-types';
export type {
  ApiKeyPrincipal,
  Bus,
  Leases,
  LeaseTiming,
  ListenOptions,
  PayloadBus,
  PayloadBusStats,
  PutStateOptions,
  ReadClaims,
  StateStore,
  StateTransition,
  Store,
  StoreDirectory,
  StoredInstanceRecord,
  StoredSessionState,
  StoreLogger,
} from './store-types';
