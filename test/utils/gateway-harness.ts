import { Writable } from 'node:stream';
import {
  buildGateway,
  type Gateway,
  type GatewayConfig,
  type GatewayDeps,
} from '@wawp-gateway/gateway';
import type { SimulatorOptions } from '@wawp-gateway/gateway/simulator';

export interface HarnessOptions {
  config?: Partial<GatewayConfig>;
  simulator?: SimulatorOptions;
  /** Record every URL the gateway requests upstream. */
  recordFetch?: boolean;
  databaseSchema?: string;
  /** Overrides of the gateway's Wawp client options (e.g. short timeouts). */
  wawp?: GatewayDeps['wawp'];
  /** Wraps the fetch the gateway's Wawp client uses (e.g. to hold a request open). */
  wrapFetch?: (forward: typeof fetch) => typeof fetch;
  /** Live events held per subscriber before it is closed as too slow. */
  eventBufferSize?: number;
  /** The first retry's wait of a failed notification. */
  notificationFirstRetryMs?: number;
}

export interface Harness {
  gateway: Gateway;
  url: string;
  simUrl: string;
  adminKey: string;
  /** Every log line written so far. */
  logs: string[];
  /** Every upstream URL requested (when `recordFetch`). */
  upstreamUrls: string[];
  stop(): Promise<void>;
}

/** A gateway config for tests: ephemeral port, in-memory database, embedded simulator. */
export function testConfig(overrides: Partial<GatewayConfig> = {}): GatewayConfig {
  return {
    port: 0,
    host: '127.0.0.1',
    wawpBaseUrl: null,
    wawpAccessToken: null,
    wawpInstanceIds: [],
    webhookSecrets: [],
    webhookTokens: [],
    adminKey: 'test-admin-key-0123456789',
    publicUrl: null,
    allowedOrigins: [],
    allowedHosts: ['localhost', '127.0.0.1', '[::1]'],
    metricsToken: null,
    watchdogStartingMs: 60_000,
    pollIntervalMs: 2_000,
    // Far above the defaults (20/s and 200/s): tests fire bursts on one key on purpose; the
    // rate-limit tests set their own.
    rateLimitPerKey: { perSecond: 10_000, burst: 20_000 },
    rateLimitAdmin: { perSecond: 10_000, burst: 20_000 },
    maxStreamsPerKey: 100,
    allowHttpNotifications: true,
    databaseUrl: null,
    // The replica suite runs once per bus: its `e2e-redis` project sets this (vitest.config.ts).
    bus: process.env.WAWP_TEST_BUS ?? null,
    dataDir: '.data-test',
    logLevel: 'debug',
    development: false,
    ...overrides,
  };
}

/** A log destination that appends each line the gateway writes to `lines`. */
export function collectLines(lines: string[]): Writable {
  return new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
}

/** The URL a `fetch` call requests. */
export const urlOf = (input: Parameters<typeof fetch>[0]) =>
  typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;

/**
 * Builds and starts a gateway with its embedded simulator on ephemeral ports, or in front of the
 * Wawp that `config.wawpBaseUrl` names.
 */
export async function startGateway(options: HarnessOptions = {}): Promise<Harness> {
  const logs: string[] = [];
  const upstreamUrls: string[] = [];
  const logDestination = collectLines(logs);
  const recordingFetch: typeof fetch = (input, init) => {
    upstreamUrls.push(urlOf(input));
    return fetch(input, init);
  };
  const baseFetch = options.recordFetch ? recordingFetch : undefined;
  const config = testConfig(options.config);
  const gateway = await buildGateway(config, {
    simulator: { port: 0, timeScale: 20, ...options.simulator },
    logDestination,
    fetch: options.wrapFetch ? options.wrapFetch(baseFetch ?? fetch) : baseFetch,
    consoleDir: null,
    memoryDatabase: config.databaseUrl === null,
    databaseSchema: options.databaseSchema,
    wawp: options.wawp,
    eventBufferSize: options.eventBufferSize,
    notificationFirstRetryMs: options.notificationFirstRetryMs,
  });
  const url = await gateway.start(config.port);
  return {
    gateway,
    url,
    simUrl: gateway.simulator?.url ?? '',
    adminKey: gateway.adminKey,
    logs,
    upstreamUrls,
    stop: () => gateway.stop(),
  };
}
