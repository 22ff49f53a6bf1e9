export { createLiveEvents, type LiveEvents, type LiveEventsOptions } from './live-events';
export { createSessionsPort, type SessionsPortOptions } from './sessions-port';
export { webhookMasters } from './webhook-masters';
