import type { Plugin } from 'graphql-yoga';
import { GATEWAY_ROUTES } from './routes';

export interface HealthRoutesOptions {
  /** Resolves when the gateway can serve traffic; rejects (or resolves false) when it cannot. */
  ready(): Promise<boolean | { ok: boolean; detail: Record<string, unknown> }>;
}

/**
 * `GET /healthz` answers 200 while the process runs; `GET /readyz` answers 200 when `ready()` says
 * so and 503 otherwise, with a JSON body naming what is not ready.
 */
export function useHealthRoutes(options: HealthRoutesOptions): Plugin {
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (request.method !== 'GET' && request.method !== 'HEAD') {
        return;
      }
      if (url.pathname === GATEWAY_ROUTES.healthz) {
        endResponse(fetchAPI.Response.json({ status: 'ok' }));
        return;
      }
      if (url.pathname === GATEWAY_ROUTES.readyz) {
        let ok = false;
        let detail: Record<string, unknown> = {};
        try {
          const answer = await options.ready();
          ok = typeof answer === 'boolean' ? answer : answer.ok;
          detail = typeof answer === 'boolean' ? {} : answer.detail;
        } catch {
          ok = false;
        }
        endResponse(
          fetchAPI.Response.json(
            { status: ok ? 'ready' : 'not ready', ...detail },
            { status: ok ? 200 : 503 },
          ),
        );
      }
    },
  };
}
