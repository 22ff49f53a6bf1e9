import { toWawpRouteName } from '../wawp';
import { authQr, authQrImage, authRequestCode, authScreenshot } from './auth-handlers';
import type { WawpRoute } from './route-types';
import {
  createSession,
  deleteSession,
  logoutSession,
  restartSession,
  sessionInfo,
  sessionMe,
  startSession,
  stopSession,
} from './session-handlers';
import { sessionWebhook } from './webhook-config-handlers';
import { webhookDelete, webhookSet, webhookUpdate } from './webhook-url-handlers';

const READ = ['GET', 'POST'] as const;

/**
 * The routes of the client's table (`gateway/src/wawp/routes.ts`) and the methods Wawp accepts
 * for each (most read routes take GET and POST).
 */
export const SIMULATED_ROUTES: readonly WawpRoute[] = [
  { name: 'session/create', methods: ['POST'], scope: 'account', handle: createSession },
  { name: 'session/start', methods: READ, scope: 'instance', handle: startSession },
  { name: 'session/stop', methods: READ, scope: 'instance', handle: stopSession },
  { name: 'session/restart', methods: READ, scope: 'instance', handle: restartSession },
  { name: 'session/logout', methods: READ, scope: 'instance', handle: logoutSession },
  // DELETE per the docs, POST as a lenient alias
  { name: 'session/delete', methods: ['DELETE', 'POST'], scope: 'instance', handle: deleteSession },
  { name: 'session/info', methods: READ, scope: 'instance', pollRead: true, handle: sessionInfo },
  { name: 'session/me', methods: READ, scope: 'instance', handle: sessionMe },
  {
    name: 'session/webhook',
    methods: READ,
    scope: 'instance',
    paidOnly: true,
    handle: sessionWebhook,
  },
  { name: 'webhook/set', methods: ['POST'], scope: 'instance', paidOnly: true, handle: webhookSet },
  {
    name: 'webhook/update',
    methods: ['PATCH'],
    scope: 'instance',
    paidOnly: true,
    handle: webhookUpdate,
  },
  {
    name: 'webhook/delete',
    methods: ['DELETE'],
    scope: 'instance',
    paidOnly: true,
    handle: webhookDelete,
  },
  { name: 'auth/qr', methods: READ, scope: 'instance', pollRead: true, handle: authQr },
  { name: 'auth/qr-image', methods: READ, scope: 'instance', pollRead: true, handle: authQrImage },
  { name: 'auth/request-code', methods: ['POST'], scope: 'instance', handle: authRequestCode },
  { name: 'auth/screenshot', methods: READ, scope: 'instance', handle: authScreenshot },
];

/** Slips in Wawp's prose that the simulator honours. */
const ALIASES: Record<string, string> = {
  logout: 'session/logout',
  status: 'session/info',
  delete: 'session/delete',
};

const byName = new Map<string, WawpRoute>(SIMULATED_ROUTES.map((route) => [route.name, route]));

/** Finds the route for a `/v2/...` path (trailing slashes ignored). */
export function findWawpRoute(path: string): WawpRoute | undefined {
  const name = toWawpRouteName(path);
  return byName.get(ALIASES[name] ?? name);
}
