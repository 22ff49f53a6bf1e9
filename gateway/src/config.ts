import { z } from 'zod';
import { formatHost, LOOPBACK_HOSTS, listenHostEntry, parseHost } from './http/host-allow-list';
import { type BucketRate, parseRateLimit } from './http/key-rate-limit';
import { LOG_LEVELS } from './logging/logger';
import { WAWP_POLL_FLOOR_MS } from './wawp/poll-floor';

const optionalString = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const splitList = (value: string | undefined) =>
  (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);

/** The shortest webhook credential accepted: a shorter one could be guessed. */
export const MIN_WEBHOOK_SECRET_LENGTH = 32;

/** A comma-separated list of secrets (the first signs, all are accepted: rotation). */
const secretList = optionalString.refine(
  (value) => splitList(value).every((item) => item.length >= MIN_WEBHOOK_SECRET_LENGTH),
  {
    message: `each comma-separated value must be at least ${MIN_WEBHOOK_SECRET_LENGTH} characters`,
  },
);

const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);

const envSchema = z.object({
  PORT: port(4000),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  WAWP_BASE_URL: optionalString.pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
  WAWP_ACCESS_TOKEN: optionalString,
  WAWP_INSTANCE_IDS: optionalString,
  WAWP_WEBHOOK_SECRET: secretList,
  GATEWAY_ADMIN_KEY: optionalString.pipe(
    z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  ),
  GATEWAY_PUBLIC_URL: optionalString.pipe(z.url({ message: 'must be an http(s) URL' }).optional()),
  GATEWAY_WEBHOOK_TOKEN: secretList,
  GATEWAY_ALLOWED_ORIGINS: optionalString,
  GATEWAY_ALLOWED_HOSTS: optionalString.refine(
    (value) => splitList(value).every((item) => parseHost(item) !== null),
    { message: 'must be comma-separated host names, each optionally with :port' },
  ),
  GATEWAY_METRICS_TOKEN: optionalString.pipe(
    z.string().min(16, { message: 'must be at least 16 characters' }).optional(),
  ),
  GATEWAY_WATCHDOG_STARTING_MS: z.coerce.number().int().min(0).default(60_000),
  GATEWAY_POLL_INTERVAL_MS: z.coerce.number().int().min(WAWP_POLL_FLOOR_MS).default(3_000),
  GATEWAY_RATE_LIMIT_PER_KEY: optionalString,
  GATEWAY_RATE_LIMIT_ADMIN: optionalString,
  GATEWAY_MAX_STREAMS_PER_KEY: z.coerce.number().int().min(1).default(100),
  GATEWAY_ALLOW_HTTP_NOTIFICATIONS: z.enum(['0', '1', '']).default('0'),
  DATABASE_URL: optionalString,
  GATEWAY_BUS: optionalString.refine(
    (value) => value === undefined || value === 'postgres' || /^rediss?:\/\/./.test(value),
    { message: 'must be postgres, or a redis:// or rediss:// URL' },
  ),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  LOG_LEVEL: z.enum(LOG_LEVELS).default('info'),
  NODE_ENV: z.string().default('development'),
});

/** The gateway's validated configuration. `loadConfig` is the only reader of `process.env`. */
export interface GatewayConfig {
  /** @default 4000 */
  port: number;
  /** @default '127.0.0.1' */
  host: string;
  /** Wawp base URL; `null` = start the embedded simulator and use it. */
  wawpBaseUrl: string | null;
  /** Wawp account token; required with `wawpBaseUrl`, taken from the simulator otherwise. */
  wawpAccessToken: string | null;
  /** Instance ids registered at start (`WAWP_INSTANCE_IDS`, comma separated). */
  wawpInstanceIds: string[];
  /**
   * WAHA-style signing keys: a delivery whose `X-Webhook-Hmac` (hex HMAC-SHA512 of the raw body)
   * verifies under any of them is accepted. Empty = that form is off.
   */
  webhookSecrets: string[];
  /**
   * The webhook master secrets: the first derives each instance's webhook secret, every one is
   * still accepted (rotation). Empty = one is generated once and kept in the database, so every
   * replica on it accepts the same deliveries.
   */
  webhookTokens: string[];
  /** Admin key; `null` = generate one at start and print it. */
  adminKey: string | null;
  /** Public URL of this gateway; when set, its webhook is registered on every instance. */
  publicUrl: string | null;
  /** Origins allowed to open a WebSocket (besides same-origin). */
  allowedOrigins: string[];
  /**
   * `Host` values the gateway answers (against DNS rebinding); any other gets 421, on HTTP and
   * on the WebSocket upgrade. The computed list: the loopback names (`localhost`, `127.0.0.1`,
   * which also admits any `127.x.y.z`, and `[::1]`), `HOST` unless it is a wildcard, the host of
   * `GATEWAY_PUBLIC_URL`, and `GATEWAY_ALLOWED_HOSTS` (comma-separated `name` or `name:port`;
   * without a port any port matches). Lower case, IPv6 in brackets.
   */
  allowedHosts: string[];
  /** When set, `GET /metrics` requires `Authorization: Bearer <token>` (`GATEWAY_METRICS_TOKEN`). */
  metricsToken: string | null;
  /** Restart an instance stuck in STARTING this long; 0 = watchdog off. @default 60_000 // 60 s */
  watchdogStartingMs: number;
  /** Base poll interval per watched instance, never below 2 s. @default 3_000 // 3 s */
  pollIntervalMs: number;
  /**
   * Requests (HTTP operations and graphql-ws `subscribe` messages) a tenant key may make, per
   * replica: `GATEWAY_RATE_LIMIT_PER_KEY` as `N` (N/s, bursts of 2N) or `N/B`. @default 20/s, bursts of 40
   */
  rateLimitPerKey: BucketRate;
  /** The same for the admin key (`GATEWAY_RATE_LIMIT_ADMIN`). @default 200/s, bursts of 400 */
  rateLimitAdmin: BucketRate;
  /** Open graphql-ws sockets plus SSE streams one key may hold (`GATEWAY_MAX_STREAMS_PER_KEY`). @default 100 */
  maxStreamsPerKey: number;
  /**
   * Notification endpoints may be plain http on loopback, and private or loopback addresses
   * (`GATEWAY_ALLOW_HTTP_NOTIFICATIONS=1`; for tests and local development only). @default false
   */
  allowHttpNotifications: boolean;
  /** Postgres URL; `null` = embedded PGlite under `dataDir`. */
  databaseUrl: string | null;
  /**
   * `GATEWAY_BUS`: a `redis://` URL carries events between replicas over Redis (only to replicas
   * that follow the instance; the log catches up what it misses). `null` (unset, or `postgres`):
   * Postgres NOTIFY, after which each replica reads every event from the log.
   */
  bus: string | null;
  /** @default '.data' */
  dataDir: string;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Development mode serves GraphiQL. */
  development: boolean;
}

/** Raised when the environment is invalid; the message lists every problem, never a value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** The two request budgets, or a `ConfigError` naming each bad variable. */
function parseRateLimits(perKey: string | undefined, admin: string | undefined) {
  const problems: string[] = [];
  const parse = (value: string | undefined, fallback: BucketRate, name: string) => {
    try {
      return parseRateLimit(value, fallback, name);
    } catch (error) {
      problems.push(`  ${(error as Error).message}`);
      return fallback;
    }
  };
  const rateLimitPerKey = parse(perKey, { perSecond: 20, burst: 40 }, 'GATEWAY_RATE_LIMIT_PER_KEY');
  const rateLimitAdmin = parse(admin, { perSecond: 200, burst: 400 }, 'GATEWAY_RATE_LIMIT_ADMIN');
  if (problems.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  return { rateLimitPerKey, rateLimitAdmin };
}

/** Reads, validates and types the environment once. Throws `ConfigError` with every problem. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): GatewayConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `  ${issue.path.join('.')}: ${issue.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  if (e.WAWP_BASE_URL && !e.WAWP_ACCESS_TOKEN) {
    throw new ConfigError(
      'Invalid configuration:\n  WAWP_ACCESS_TOKEN: required when WAWP_BASE_URL is set',
    );
  }
  const allowedHosts = new Set<string>(LOOPBACK_HOSTS);
  const listenHost = listenHostEntry(e.HOST);
  if (listenHost) {
    allowedHosts.add(listenHost);
  }
  if (e.GATEWAY_PUBLIC_URL) {
    const publicHost = parseHost(new URL(e.GATEWAY_PUBLIC_URL).hostname);
    if (publicHost) {
      allowedHosts.add(publicHost.host); // any port: a proxy in front may drop or change it
    }
  }
  for (const item of splitList(e.GATEWAY_ALLOWED_HOSTS)) {
    const entry = parseHost(item);
    if (entry) {
      allowedHosts.add(formatHost(entry));
    }
  }
  return {
    port: e.PORT,
    host: e.HOST,
    wawpBaseUrl: e.WAWP_BASE_URL ?? null,
    wawpAccessToken: e.WAWP_ACCESS_TOKEN ?? null,
    wawpInstanceIds: splitList(e.WAWP_INSTANCE_IDS),
    webhookSecrets: splitList(e.WAWP_WEBHOOK_SECRET),
    webhookTokens: splitList(e.GATEWAY_WEBHOOK_TOKEN),
    adminKey: e.GATEWAY_ADMIN_KEY ?? null,
    publicUrl: e.GATEWAY_PUBLIC_URL ?? null,
    allowedOrigins: splitList(e.GATEWAY_ALLOWED_ORIGINS),
    allowedHosts: [...allowedHosts],
    metricsToken: e.GATEWAY_METRICS_TOKEN ?? null,
    watchdogStartingMs: e.GATEWAY_WATCHDOG_STARTING_MS,
    pollIntervalMs: e.GATEWAY_POLL_INTERVAL_MS,
    ...parseRateLimits(e.GATEWAY_RATE_LIMIT_PER_KEY, e.GATEWAY_RATE_LIMIT_ADMIN),
    maxStreamsPerKey: e.GATEWAY_MAX_STREAMS_PER_KEY,
    allowHttpNotifications: e.GATEWAY_ALLOW_HTTP_NOTIFICATIONS === '1',
    databaseUrl: e.DATABASE_URL ?? null,
    bus: e.GATEWAY_BUS === undefined || e.GATEWAY_BUS === 'postgres' ? null : e.GATEWAY_BUS,
    dataDir: e.DATA_DIR,
    logLevel: e.LOG_LEVEL,
    development: e.NODE_ENV !== 'production',
  };
}
