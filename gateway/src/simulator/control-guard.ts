import type { IncomingMessage } from 'node:http';
import { crossOrigin, unsupportedMediaType } from './errors';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Refuses control-surface requests a web page could send. A page can POST a form or a
 * `text/plain` body cross-origin without a CORS preflight, but never an `application/json` one,
 * so every write with a body (or a content type) must be exactly `application/json` (415
 * otherwise). A bodiless write without a content type stays allowed for scripts; a browser
 * sending one cross-site is refused by its `Origin` / `Sec-Fetch-Site` headers (403).
 * @throws SimError 415 `unsupported_media_type` or 403 `cross_origin`
 */
export function assertControlRequest(req: IncomingMessage): void {
  const site = req.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site' || !sameOrigin(req)) {
    throw crossOrigin();
  }
  if (!WRITES.has(req.method ?? 'GET')) {
    return;
  }
  const type = req.headers['content-type'];
  const length = Number(req.headers['content-length'] ?? 0);
  const hasBody = length > 0 || req.headers['transfer-encoding'] !== undefined;
  if (!hasBody && type === undefined) {
    return;
  }
  const mediaType = (type ?? '').split(';')[0]?.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw unsupportedMediaType();
  }
}

// No Origin (curl, Node, tests) counts as same-origin; a page's Origin must name this host.
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) {
    return true;
  }
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}
