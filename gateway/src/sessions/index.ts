export { isClaimedElsewhereRefusal } from './map-wawp-error';
export {
  createSessionsService,
  type SessionAction,
  type SessionRead,
  type SessionReadOptions,
  type SessionsService,
  type SessionsServiceOptions,
} from './sessions-service';
export { toSessionStatus } from './to-domain';
export { createUpstreamHealth, type UpstreamHealth } from './upstream-health';
