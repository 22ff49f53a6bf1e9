import { request } from 'node:http';
import {
  buildGateway,
  type Gateway,
  type GatewayConfig,
  type GatewayDeps,
} from '@wawp-gateway/gateway';
import { collectLines, testConfig } from '../utils/gateway-harness';

export interface HardenedGateway {
  gateway: Gateway;
  url: string;
  port: number;
  adminKey: string;
  logs: string[];
  stop(): Promise<void>;
}

/**
 * A gateway as `startGateway` builds it (in-memory database, embedded simulator), with the
 * dependencies these files need that the harness does not take (a console directory, shorter
 * server timeouts).
 */
export async function startHardenedGateway(
  options: { config?: Partial<GatewayConfig>; deps?: Partial<GatewayDeps> } = {},
): Promise<HardenedGateway> {
  const logs: string[] = [];
  const gateway = await buildGateway(testConfig({ logLevel: 'warn', ...options.config }), {
    simulator: { port: 0, timeScale: 20, instances: 1 },
    logDestination: collectLines(logs),
    consoleDir: null,
    memoryDatabase: true,
    ...options.deps,
  });
  const url = await gateway.start(0);
  return {
    gateway,
    url,
    port: Number(new URL(url).port),
    adminKey: gateway.adminKey,
    logs,
    stop: () => gateway.stop(),
  };
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * One HTTP request to 127.0.0.1:`port` with any `Host` header (fetch would not send a made-up
 * one); nothing leaves loopback.
 */
export function rawRequest(
  port: number,
  options: { path?: string; method?: string; headers?: Record<string, string>; body?: string },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: options.path ?? '/',
        method: options.method ?? 'GET',
        headers: {
          ...(options.body === undefined
            ? {}
            : { 'content-length': String(Buffer.byteLength(options.body)) }),
          ...options.headers,
        },
        agent: false,
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}
