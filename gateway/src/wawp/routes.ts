/**
 * Every Wawp v2 route the gateway knows, named by its path below `/v2/`: the one table the
 * client builds its requests from and the simulator serves.
 * @see https://api.wawp.net/en/docs/category/session-management
 * @see https://api.wawp.net/en/docs/category/authentication
 * @see https://api.wawp.net/en/docs/v2/webhook/set
 */
export const WAWP_ROUTES = [
  'session/create',
  'session/start',
  'session/stop',
  'session/restart',
  'session/logout',
  'session/delete',
  'session/info',
  'session/me',
  'auth/qr',
  'auth/qr-image',
  'auth/request-code',
  'auth/screenshot',
  'session/webhook',
  'webhook/set',
  'webhook/update',
  'webhook/delete',
] as const;

/** A Wawp v2 route, e.g. `session/info`. */
export type WawpRoute = (typeof WAWP_ROUTES)[number];

/** The absolute path of `route`, e.g. `/v2/session/info`. */
export const toWawpPath = (route: WawpRoute): `/v2/${WawpRoute}` => `/v2/${route}`;

/** The route of an absolute path (trailing slashes ignored), or the bare name when unknown. */
export const toWawpRouteName = (path: string): string =>
  path.replace(/^\/v2\//, '').replace(/\/+$/, '');
