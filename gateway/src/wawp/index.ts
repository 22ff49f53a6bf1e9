export type { WawpApi, WawpCallOptions, WawpClientOptions } from './api';
export { createWawpClient, type WawpClient } from './client';
export { toWawpStatus } from './decode';
export {
  isRouteUnsupported,
  isWawpError,
  WawpError,
  type WawpErrorInit,
  type WawpErrorKind,
} from './errors';
export { isLocalRefusal, type WawpBreakerOptions, type WawpBreakerState } from './guard';
export type { WawpPacingOptions, WawpReadClaims } from './pacing';
export { WAWP_POLL_FLOOR_MS } from './poll-floor';
export type { WawpRetryOptions } from './retry';
export { toWawpPath, toWawpRouteName, WAWP_ROUTES, type WawpRoute } from './routes';
export type { WawpRequestEvent } from './send';
export {
  KNOWN_WAWP_STATUSES,
  type KnownWawpStatus,
  type WawpCreated,
  type WawpMe,
  type WawpQr,
  type WawpSession,
  type WawpStatus,
  type WawpStoredWebhook,
  type WawpWebhook,
  type WawpWebhookChanges,
  type WawpWebhookInput,
  type WawpWebhookRetries,
} from './types';
