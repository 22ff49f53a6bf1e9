import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { assertControlRequest } from './control-guard';
import { toControlView } from './control-view';
import type { SimDeps } from './deps';
import { invalidBody, invalidInstance, methodNotAllowed, routeNotFound, SimError } from './errors';
import { faultRuleSchema } from './faults';
import { parseBody, readBody, sendJson } from './http-io';
import type { Instance } from './types';

const scanSchema = z.object({
  pushName: z.string().min(1).optional(),
  phone: z.string().min(1).optional(),
});
const codeSchema = z.object({ code: z.string().optional() });
const faultsSchema = z.union([faultRuleSchema, z.array(faultRuleSchema)]);

function parseWith<T>(schema: z.ZodType<T>, body: Record<string, unknown> | unknown[]): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidBody(`${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

const readJson = async (req: IncomingMessage): Promise<Record<string, unknown> | unknown[]> => {
  const text = (await readBody(req)).toString('utf8');
  if (text.trim().startsWith('[')) {
    try {
      return JSON.parse(text) as unknown[];
    } catch {
      throw invalidBody('The body is not valid JSON');
    }
  }
  return parseBody(Buffer.from(text), 'application/json');
};

/**
 * Serves `/_sim/*`, the test and demo hooks outside Wawp's paths (no token needed):
 * instances, their status history and phone-side actions, faults, and the request log. Writes
 * take JSON only and no view shows a webhook's credential (`control-guard.ts`, `control-view.ts`).
 */
export function createControlSurface(deps: SimDeps) {
  const phoneActions: Record<string, (instance: Instance, body: Record<string, unknown>) => void> =
    {
      scan: (instance, body) => deps.machine.scan(instance, parseWith(scanSchema, body)),
      'enter-code': (instance, body) =>
        deps.machine.enterCode(instance, parseWith(codeSchema, body).code),
      unlink: (instance) => deps.machine.unlink(instance),
      drop: (instance) => deps.machine.drop(instance),
    };

  const allow = (method: string, path: string, allowed: string[]) => {
    if (!allowed.includes(method)) {
      throw methodNotAllowed(method, path, allowed);
    }
  };

  const route = async (req: IncomingMessage, url: URL): Promise<[number, unknown]> => {
    const method = req.method ?? 'GET';
    const path = url.pathname.replace(/\/+$/, '');
    if (path === '/_sim/instances') {
      allow(method, path, ['GET']);
      return [200, deps.store.all().map(toControlView)];
    }
    const action = /^\/_sim\/instances\/([^/]+)\/([a-z-]+)$/.exec(path);
    if (action && action[2] === 'history') {
      allow(method, path, ['GET']);
      const id = decodeURIComponent(action[1] ?? '');
      const instance = deps.store.get(id);
      if (!instance) {
        throw invalidInstance(id);
      }
      return [200, instance.history.map((entry) => ({ ...entry }))];
    }
    const run = action && phoneActions[action[2] ?? ''];
    if (action && run) {
      allow(method, path, ['POST']);
      const id = decodeURIComponent(action[1] ?? '');
      const instance = deps.store.get(id);
      if (!instance) {
        throw invalidInstance(id);
      }
      const body = await readJson(req);
      run(instance, Array.isArray(body) ? {} : body);
      return [200, toControlView(instance)];
    }
    if (path === '/_sim/faults') {
      allow(method, path, ['GET', 'POST', 'DELETE']);
      if (method === 'POST') {
        const input = parseWith(faultsSchema, await readJson(req));
        deps.faults.add(Array.isArray(input) ? input : [input]);
      } else if (method === 'DELETE') {
        deps.faults.clear(url.searchParams.get('id') ?? undefined);
      }
      return [200, { faults: deps.faults.list() }];
    }
    if (path === '/_sim/requests') {
      allow(method, path, ['GET', 'DELETE']);
      if (method === 'DELETE') {
        deps.requestLog.clear();
        return [200, []];
      }
      return [200, deps.requestLog.list(url.searchParams.get('instance_id') ?? undefined)];
    }
    throw routeNotFound(path);
  };

  return async function handle(req: IncomingMessage, res: ServerResponse, url: URL) {
    try {
      assertControlRequest(req);
      const [status, body] = await route(req, url);
      sendJson(res, status, body);
    } catch (error) {
      const failure =
        error instanceof SimError
          ? error
          : new SimError(500, { status: 500, code: 'internal_error', message: String(error) });
      sendJson(res, failure.status, failure.body, failure.headers);
    }
  };
}
