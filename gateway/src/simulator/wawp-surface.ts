import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SimDeps } from './deps';
import {
  errorForStatus,
  internalError,
  invalidAccessToken,
  invalidInstance,
  methodNotAllowed,
  missingParameter,
  rateLimited,
  routeNotFound,
  SimError,
  subscriptionRequired,
} from './errors';
import type { HttpFaults } from './faults';
import { parseBody, readBody, sendJson } from './http-io';
import type { Reply, WawpRoute } from './route-types';
import { makeWawpRequest, type WawpRequest } from './wawp-request';
import { findWawpRoute } from './wawp-routes';

/** The routes an older Wawp surface (`perUrlWebhooks: false`) does not serve. */
const PER_URL_WEBHOOK_ROUTES = new Set(['webhook/set', 'webhook/update', 'webhook/delete']);

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Serves `/v2/*`: routing, 405, body parsing, faults, credentials (400/401/404), the poll
 * floor, the handler, and one request-log entry per request. The token never reaches the log.
 */
export function createWawpSurface(deps: SimDeps) {
  const tokenDigest = digest(deps.accessToken);
  const redact = (text: string) => text.split(deps.accessToken).join('[redacted]');

  const authenticate = (req: WawpRequest) => {
    if (req.accessToken === undefined) {
      throw missingParameter('access_token');
    }
    if (!timingSafeEqual(digest(req.accessToken), tokenDigest)) {
      throw invalidAccessToken();
    }
  };

  const run = async (route: WawpRoute, req: WawpRequest, faults: HttpFaults): Promise<Reply> => {
    if (faults.rateLimitRetryAfterS !== null) {
      throw rateLimited(faults.rateLimitRetryAfterS, 'Rate limited (injected)');
    }
    if (faults.errorStatus !== null) {
      throw errorForStatus(faults.errorStatus, route.name);
    }
    authenticate(req);
    if (route.scope === 'account') {
      return route.handle({ req, deps });
    }
    if (req.instanceId === undefined) {
      throw missingParameter('instance_id');
    }
    const instance = deps.store.get(req.instanceId);
    if (!instance) {
      throw invalidInstance(req.instanceId);
    }
    if (route.paidOnly && deps.plan === 'free') {
      throw subscriptionRequired();
    }
    if (route.pollRead) {
      deps.pollFloor.check(instance.id);
    }
    return route.handle({ req, deps, instance });
  };

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL) {
    const timestamp = Date.now();
    const method = req.method ?? 'GET';
    const path = redact(url.pathname);
    let instanceId: string | null = null;
    let status = 0;
    let malformed = false;
    try {
      const route = findWawpRoute(url.pathname);
      if (!route || (!deps.perUrlWebhooks && PER_URL_WEBHOOK_ROUTES.has(route.name))) {
        throw routeNotFound(path);
      }
      if (!route.methods.includes(method)) {
        throw methodNotAllowed(method, path, route.methods);
      }
      const raw = await readBody(req);
      const query = url.searchParams;
      // known before the body parses, so a 400 for a broken body is still logged per instance
      instanceId = query.get('instance_id') || req.headers['x-instance-id']?.toString() || null;
      const body = parseBody(raw, req.headers['content-type']);
      const wawpReq = makeWawpRequest({
        method,
        route: route.name,
        query,
        body,
        headers: req.headers,
      });
      instanceId = wawpReq.instanceId ?? null;
      const faults = deps.faults.forRequest(route.name, instanceId);
      malformed = faults.malformedJson;
      if (faults.latencyMs > 0) {
        await deps.scheduler.sleepWall(faults.latencyMs);
      }
      if (faults.reset) {
        req.socket.destroy();
        return;
      }
      const reply = await run(route, wawpReq, faults);
      status = reply.status ?? 200;
      sendJson(res, status, reply.body, reply.headers, malformed);
    } catch (error) {
      const failure = error instanceof SimError ? error : internalError();
      if (!(error instanceof SimError)) {
        deps.logger.warn({ path, err: String(error) }, 'simulator handler failed');
      }
      status = failure.status;
      sendJson(res, status, failure.body, failure.headers, malformed);
    } finally {
      const entry = {
        method,
        path,
        instance_id: instanceId && redact(instanceId),
        status,
        timestamp,
      };
      deps.requestLog.record(entry);
      deps.logger.info(entry, 'wawp request');
    }
  };
}
