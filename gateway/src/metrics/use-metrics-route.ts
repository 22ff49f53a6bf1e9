import { createHash, timingSafeEqual } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';
import { GATEWAY_ROUTES } from '../http/routes';
import type { GatewayMetrics } from './gateway-metrics';

export interface MetricsRouteOptions {
  /** When set, a scrape must send `Authorization: Bearer <token>` (401 otherwise). */
  token?: string | null;
}

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * Whether `authorization` is `Bearer <token>`, compared in constant time (the digests have one
 * length whatever was sent, so neither the content nor the length of the token leaks).
 */
export function bearerMatches(authorization: string | null, token: string): boolean {
  const match = /^Bearer[ \t]+(\S(?:.*\S)?)[ \t]*$/i.exec(authorization ?? '');
  const given = digest(match?.[1] ?? '');
  // always compare, also when the header is missing, so that case takes the same time
  return timingSafeEqual(given, digest(token)) && match !== null;
}

/** `GET /metrics`: the Prometheus text exposition of the gateway's registry. */
export function useMetricsRoute(
  metrics: GatewayMetrics,
  options: MetricsRouteOptions = {},
): Plugin {
  const token = options.token ?? null;
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== GATEWAY_ROUTES.metrics || request.method !== 'GET') {
        return;
      }
      if (token !== null && !bearerMatches(request.headers.get('authorization'), token)) {
        endResponse(
          fetchAPI.Response.json(
            {
              errors: [
                { message: 'Metrics require Authorization: Bearer <GATEWAY_METRICS_TOKEN>' },
              ],
            },
            { status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"' } },
          ),
        );
        return;
      }
      const body = await metrics.registry.metrics();
      endResponse(
        new fetchAPI.Response(body, {
          headers: { 'content-type': metrics.registry.contentType },
        }),
      );
    },
  };
}
