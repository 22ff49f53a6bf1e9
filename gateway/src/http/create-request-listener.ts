import { existsSync } from 'node:fs';
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { join } from 'node:path';
import sirv from 'sirv';
import { LIMITS } from './limits';
import { API_PREFIXES, GATEWAY_ROUTES } from './routes';

export interface RequestListenerOptions {
  /** yoga's node handler (GraphQL, webhooks, health). */
  yoga: (req: IncomingMessage, res: ServerResponse) => unknown;
  /** Built console (`console/dist`); served at `/` when it exists. */
  consoleDir: string | null;
}

const SIMPLE_TYPES = new Set([
  'application/x-www-form-urlencoded',
  'multipart/form-data',
  'text/plain',
]);

const tooLarge = (res: ServerResponse) => {
  res.writeHead(413, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify({ errors: [{ message: 'Request body too large' }] }));
};

/**
 * The node:http handler: caps request bodies before yoga reads them (yoga has no limit), routes
 * API paths to yoga and everything else to the console's static files (single-page fallback).
 */
export function createRequestListener(options: RequestListenerOptions): RequestListener {
  const hasConsole =
    options.consoleDir !== null && existsSync(join(options.consoleDir, 'index.html'));
  const serveConsole = hasConsole
    ? sirv(options.consoleDir ?? '', {
        single: true,
        etag: true,
        gzip: false,
        setHeaders: (res) => res.setHeader('x-content-type-options', 'nosniff'),
      })
    : null;

  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const isApi = API_PREFIXES.some((prefix) => path === prefix || path.startsWith(prefix));
    if (!isApi && serveConsole) {
      serveConsole(req, res);
      return;
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD' && req.method !== 'OPTIONS';
    const length = req.headers['content-length'];
    // Node frames bodies by Content-Length, so checking the header bounds what yoga will read;
    // chunked bodies have no declared size and are refused.
    if (hasBody && length === undefined && req.headers['transfer-encoding'] !== undefined) {
      res.writeHead(411, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ errors: [{ message: 'Content-Length required' }] }));
      req.resume();
      return;
    }
    // CSRF: browsers send form, multipart and text/plain bodies cross-site without a preflight;
    // GraphQL over POST takes JSON only.
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    if (hasBody && path === GATEWAY_ROUTES.graphql && SIMPLE_TYPES.has(type)) {
      res.writeHead(415, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ errors: [{ message: 'Send GraphQL requests as application/json' }] }),
      );
      req.resume();
      return;
    }
    const limit = path.startsWith('/webhooks/') ? LIMITS.webhookBodyBytes : LIMITS.bodyBytes;
    if (Number(length ?? 0) > limit) {
      tooLarge(res);
      req.resume();
      return;
    }
    void options.yoga(req, res);
  };
}
