import type { Plugin } from 'graphql-yoga';
import { GATEWAY_ROUTES } from '../http/routes';
import type { GatewayMetrics } from './gateway-metrics';

/** `GET /metrics`: the Prometheus text exposition of the gateway's registry. */
export function useMetricsRoute(metrics: GatewayMetrics): Plugin {
  return {
    async onRequest({ request, url, fetchAPI, endResponse }) {
      if (url.pathname !== GATEWAY_ROUTES.metrics || request.method !== 'GET') {
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
