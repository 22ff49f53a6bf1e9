import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { CLIENT_ERROR_CONTENT_TYPE, clientErrorBody } from './client-error-body';
import type { ConnectRoutes } from './connect-routes';
import { createHostCheck, MISDIRECTED_BODY } from './host-allow-list';
import { LIMITS } from './limits';
import { API_PREFIXES, GATEWAY_ROUTES } from './routes';
import { setSecurityHeaders } from './security-headers';

export interface RequestListenerOptions {
  /** yoga's node handler (GraphQL, webhooks, health). */
  yoga: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** Built console (`console/dist`); served at `/` when it exists. */
  consoleDir: string | null;
  /** `Host` values answered (`GatewayConfig.allowedHosts`); any other gets 421. */
  allowedHosts: readonly string[];
  /** The end user's routes under `/connect` (its GraphQL route goes on to yoga). */
  connect?: ConnectRoutes;
}

const SIMPLE_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

/** Answers a refused request with a {@link clientErrorBody}; `close` ends the connection too. */
const refuse = (res: ServerResponse, status: number, message: string, close = false) => {
  res.writeHead(status, {
    'content-type': CLIENT_ERROR_CONTENT_TYPE,
    ...(close ? { connection: 'close' } : {}),
  });
  res.end(clientErrorBody(message));
};

/**
 * The node:http handler: refuses a `Host` not on the allow-list (421), sets the security headers
 * on every response, caps request bodies before yoga reads them (yoga has no limit), routes API
 * paths to yoga and everything else to the console's static files (single-page fallback).
 */
export function createRequestListener(options: RequestListenerOptions): RequestListener {
  const hasConsole =
    options.consoleDir !== null && existsSync(join(options.consoleDir, 'index.html'));
  const serveConsole = hasConsole
    ? sirv(options.consoleDir ?? '', {
        single: true,
        etag: true,
        gzip: false,
      })
    : null;

  const isAllowedHost = createHostCheck(options.allowedHosts);
  return (req, res) => {
    setSecurityHeaders(res);
    // DNS rebinding: before anything else, a request for a name this gateway is not
    if (!isAllowedHost(req.headers.host)) {
      res.writeHead(421, { 'content-type': 'application/json', connection: 'close' });
      res.end(MISDIRECTED_BODY);
      req.resume();
      return;
    }
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    if (options.connect?.owns(path)) {
      options.connect
        .handle(req, res, path)
        .then((forward) => forward && toYoga(req, res, GATEWAY_ROUTES.graphql))
        .catch(() => {
          if (!res.headersSent) {
            refuse(res, 500, 'Internal error');
          }
        });
      return;
    }
    const isApi = API_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix));
    if (!isApi && serveConsole) {
      serveConsole(req, res);
      return;
    }
    toYoga(req, res, path);
  };

  /** Body limits and the CSRF rule, then yoga. */
  function toYoga(req: IncomingMessage, res: ServerResponse, path: string) {
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    const length = req.headers['content-length'];
    // Node frames bodies by Content-Length, so checking the header bounds what yoga will read;
    // chunked bodies have no declared size and are refused.
    if (hasBody && length === undefined && req.headers['transfer-encoding'] !== undefined) {
      refuse(res, 411, 'Content-Length required', true);
      req.resume();
      return;
    }
    // CSRF: browsers send form, multipart and text/plain bodies cross-site without a preflight;
    // GraphQL over POST takes JSON only.
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (hasBody && path === GATEWAY_ROUTES.graphql && SIMPLE_TYPES.has(type)) {
      refuse(res, 415, 'Send GraphQL requests as application/json');
      req.resume();
      return;
    }
    const limit = path.startsWith('/webhooks/') ? LIMITS.webhookBodyBytes : LIMITS.bodyBytes;
    if (Number(length ?? 0) > limit) {
      refuse(res, 413, 'Request body too large', true);
      req.resume();
      return;
    }
    void options.yoga(req, res);
  }
}
