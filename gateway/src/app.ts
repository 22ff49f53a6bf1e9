import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSchemaContext, schema } from '@wawp-gateway/schema';
import type { DestinationStream } from 'pino';
import { loadOrCreateAdminKey } from './auth/admin-key-file';
import { createAdminCheck, createViewerResolver } from './auth/resolve-viewer';
import type { GatewayConfig } from './config';
import { attachGraphQLWs } from './http/attach-graphql-ws';
import { createConnectRoutes, linkCredentialOf } from './http/connect-routes';
import { createRequestListener } from './http/create-request-listener';
import { createGatewayYoga } from './http/create-yoga';
import { refuseMisdirectedUpgrades } from './http/host-allow-list';
import { createKeyRateLimit, toBucketKey } from './http/key-rate-limit';
import { LIMITS } from './http/limits';
import { answerClientErrorsAsJson } from './http/node-client-errors';
import { GATEWAY_ROUTES } from './http/routes';
import { createStreamRegistry, streamKeyOf, toStreamKey } from './http/stream-registry';
import { useHealthRoutes } from './http/use-health-routes';
import { rateLimitedSubscribeError, useKeyRateLimit } from './http/use-key-rate-limit';
import { useSharedExecution } from './http/use-shared-execution';
import { useSseEventIds } from './http/use-sse-event-ids';
import { useSseStreamCap } from './http/use-sse-stream-cap';
import { createLiveEvents, webhookMasters } from './live';
import { createLogger, type Logger } from './logging/logger';
import { createMaintenance } from './maintenance';
import { addBusMetrics } from './metrics/bus-metrics';
import { createGatewayMetrics } from './metrics/gateway-metrics';
import { useMetricsRoute } from './metrics/use-metrics-route';
import {
  createNotificationsService,
  createNotifier,
  createOutbox,
  createSender,
} from './notifications';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator';
import { createStore, LINK_TOKEN_PREFIX, type Store } from './store';
import { createWawpClient, type WawpClientOptions } from './wawp';

/** Things tests (and `main.ts`) may inject or override. */
export interface GatewayDeps {
  /** Options of the embedded simulator, used when `config.wawpBaseUrl` is null. */
  simulator?: SimulatorOptions;
  /** Where log lines go (tests capture them). @default stdout */
  logDestination?: DestinationStream;
  /** The fetch the Wawp client uses (tests record upstream URLs). @default globalThis.fetch */
  fetch?: typeof fetch;
  /** The built console; `null` disables it. @default console/dist of this repository */
  consoleDir?: string | null;
  /** Postgres schema for the store (tests isolate replicas' clusters). @default 'public' */
  databaseSchema?: string;
  /** Embedded PGlite in memory instead of on disk (tests). @default false */
  memoryDatabase?: boolean;
  /** Overrides of the Wawp client's options (tests shorten timeouts). */
  wawp?: Partial<Omit<WawpClientOptions, 'baseUrl' | 'accessToken'>>;
  /**
   * Share subscription executions per shape (`useSharedExecution`); `false` executes once per
   * subscriber, as plain graphql-ws would (the fan-out benchmark compares both). @default true
   */
  sharedExecution?: boolean;
  /** Overrides of the node:http server's timeouts (tests shorten them). @default LIMITS */
  httpTimeouts?: Partial<HttpTimeouts>;
  /** Live events held per subscriber before it is closed as too slow. @default 500 */
  eventBufferSize?: number;
  /** The first retry's wait of a failed notification (tests shorten it). @default 5_000 */
  notificationFirstRetryMs?: number;
}

/** The node:http server's timeouts, in ms (`LIMITS` has the defaults and why). */
export interface HttpTimeouts {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  connectionsCheckingInterval: number;
}

/**
 * The embedded simulator's per-request lines are debug noise next to the gateway's own log; its
 * warnings (failed webhook deliveries) stay warnings.
 */
const simulatorLogger = (logger: Logger) => {
  const child = logger.child({ component: 'simulator' });
  return {
    info: (obj: object, msg?: string) => child.debug(obj, msg),
    warn: (obj: object, msg?: string) => child.warn(obj, msg),
  };
};

const defaultConsoleDir = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'console',
  'dist',
);

/** A built, not yet listening gateway. `start` listens; `stop` drains and releases everything. */
export interface Gateway {
  readonly server: Server;
  readonly logger: Logger;
  readonly store: Store;
  /** The embedded simulator, when the gateway runs one. */
  readonly simulator: Simulator | null;
  /** The admin key (configured or generated). */
  readonly adminKey: string;
  /** The listening URL; empty until `start` resolves. */
  readonly url: string;
  start(port?: number): Promise<string>;
  stop(): Promise<void>;
}

/**
 * Builds the gateway: store, Wawp client (or the embedded simulator), sessions, event hub, yoga
 * and graphql-ws on one node:http server. Nothing listens until `start`.
 */
export async function buildGateway(
  config: GatewayConfig,
  deps: GatewayDeps = {},
): Promise<Gateway> {
  const adminKey =
    config.adminKey ??
    (deps.memoryDatabase
      ? `wga_${randomBytes(24).toString('base64url')}`
      : loadOrCreateAdminKey(config.dataDir));
  const secrets = new Set<string>([adminKey]);
  const logger = createLogger({
    level: config.logLevel,
    secrets: () => secrets,
    destination: deps.logDestination,
  });

  const simulator = config.wawpBaseUrl
    ? null
    : createSimulator({ ...deps.simulator, logger: simulatorLogger(logger) });
  const wawpBaseUrl = config.wawpBaseUrl ?? (simulator ? await simulator.start() : '');
  const accessToken = config.wawpAccessToken ?? simulator?.accessToken ?? '';
  secrets.add(accessToken);
  const busPassword = config.bus ? new URL(config.bus).password : '';
  if (busPassword) {
    secrets.add(decodeURIComponent(busPassword));
  }

  const store = await createStore({
    databaseUrl: config.databaseUrl ?? undefined,
    busUrl: config.bus ?? undefined,
    dataDir: config.dataDir,
    memory: deps.memoryDatabase,
    schema: deps.databaseSchema,
    logger: logger.child({ component: 'store' }),
  }).catch(async (error: unknown) => {
    await simulator?.stop();
    throw error;
  });

  const metrics = createGatewayMetrics();
  const wawp = createWawpClient({
    baseUrl: wawpBaseUrl,
    accessToken,
    fetch: deps.fetch,
    pacing: store.readClaims ? { claims: store.readClaims } : undefined,
    onRequest: (event) => {
      metrics.onWawpRequest(event);
      logger.debug({ wawp: event }, 'wawp request');
    },
    ...deps.wawp,
  });
  const live = createLiveEvents({
    config,
    store,
    wawp,
    logger,
    secrets,
    webhookMasters: await webhookMasters(config, store),
    onWebhookTimestampDiscarded: metrics.onWebhookTimestampIgnored,
    bufferSize: deps.eventBufferSize,
  });
  metrics.upstreamHealth(live.healthy);
  const { hub: eventHub, poller: pollManager, webhook } = live;

  const instanceIds = [...config.wawpInstanceIds, ...(simulator?.instanceIds() ?? [])];
  for (const instanceId of instanceIds) {
    if (!(await store.directory.getInstance(instanceId))) {
      await store.directory.upsertInstance({ instanceId, label: null, tenantId: null });
    }
  }

  const resolveViewer = createViewerResolver({
    adminKey,
    authenticate: (key) => store.directory.authenticate(key),
    links: store.directory,
  });
  const isAdmin = createAdminCheck(adminKey);
  const rateLimit = createKeyRateLimit({
    perSecond: config.rateLimitPerKey.perSecond,
    burst: config.rateLimitPerKey.burst,
    adminPerSecond: config.rateLimitAdmin.perSecond,
    adminBurst: config.rateLimitAdmin.burst,
  });
  const streams = createStreamRegistry({ maxPerKey: config.maxStreamsPerKey });
  // graphql-ws sockets of a revoked key close with 4403 on every replica, at the revocation's
  // place in the log (the hub ends their subscriptions there too).
  eventHub.onAccessChange((change) => {
    if (change.kind === 'ApiKeyRevoked') {
      streams.closeKey(streamKeyOf(change.keyId));
    } else if (change.kind === 'ConnectLinkEnded' && change.reason === 'revoked') {
      streams.closeKey(streamKeyOf(change.linkId));
    }
  });
  // outbound notifications: https only, unless tests or local development allow loopback
  const outboundPolicy = {
    allowHttp: config.allowHttpNotifications,
    allowPrivate: config.allowHttpNotifications,
  };
  const notifier = createNotifier({
    outbox: createOutbox({ store }),
    sender: createSender({
      store,
      policy: outboundPolicy,
      logger,
      firstRetryMs: deps.notificationFirstRetryMs,
      onAttempt: (delivery, outcome) => {
        const occurredAt = (delivery.payload.data as { occurredAt?: unknown } | undefined)
          ?.occurredAt;
        const lag =
          outcome === 'delivered' && typeof occurredAt === 'string'
            ? Date.now() - new Date(occurredAt).getTime()
            : null;
        metrics.onNotificationAttempt(delivery.kind, outcome, lag);
      },
      makeConnectLink: ({ instanceId, tenantId, ttlMinutes }) =>
        live.directory.createConnectLink({
          instanceId,
          tenantId,
          expiresAt: new Date(Date.now() + ttlMinutes * 60_000),
          returnUrl: null,
        }),
    }),
    logger,
  });
  const ports = {
    sessions: live.sessionsPort,
    directory: live.directory,
    events: eventHub,
    notifications: createNotificationsService({ store, policy: outboundPolicy }),
  };
  const yoga = createGatewayYoga({
    schema,
    logger,
    development: config.development,
    allowedOrigins: config.allowedOrigins,
    createContext: async (authorization, transport) => ({
      ...createSchemaContext(
        ports,
        await resolveViewer(authorization, { crossOrigin: transport.crossOrigin }),
        transport.signal,
      ),
      onEventsOverflow: transport.closeRetryable,
      onKeyRevoked: transport.closeForbidden,
      lastEventId: transport.lastEventId,
    }),
    plugins: [
      useKeyRateLimit({ limit: rateLimit, isAdmin }),
      useSseStreamCap(streams),
      useSseEventIds(),
      webhook,
      useMetricsRoute(metrics, { token: config.metricsToken }),
      useHealthRoutes({
        ready: async () => {
          await store.ping();
          return { ok: true, detail: { upstream: live.healthy() ? 'up' : 'down' } };
        },
      }),
      // Last, so it wraps the subscribe function every other plugin set up.
      ...(deps.sharedExecution === false ? [] : [useSharedExecution()]),
    ],
  });

  const consoleDir = deps.consoleDir === undefined ? defaultConsoleDir : deps.consoleDir;
  const server = createServer(
    {
      headersTimeout: LIMITS.headersTimeoutMs,
      requestTimeout: LIMITS.requestTimeoutMs,
      keepAliveTimeout: LIMITS.keepAliveTimeoutMs,
      connectionsCheckingInterval: LIMITS.timeoutCheckIntervalMs,
      ...deps.httpTimeouts,
    },
    createRequestListener({
      yoga,
      consoleDir,
      allowedHosts: config.allowedHosts,
      connect: createConnectRoutes({
        links: store.directory,
        consoleDir,
        secureCookie: config.publicUrl?.startsWith('https:') ?? false,
      }),
    }),
  );
  // a WebSocket upgrade for another Host is refused before graphql-ws sees it
  refuseMisdirectedUpgrades(server, config.allowedHosts);
  // node:http's own 4xx answers (431, 400, 408…) get a JSON body with a code, like ours
  answerClientErrorsAsJson(server);
  eventHub.onDispatch((event) => metrics.onEvent(event));
  metrics.gauge(
    'wawp_subscribers',
    'sessionEvents subscribers on this replica.',
    () => eventHub.subscriberCount,
  );
  metrics.counter(
    'wawp_event_log_rows_read_total',
    'Rows this replica read from the event log (delivery, replay, snapshots, notifications).',
    () => store.events.rowsRead,
  );
  const { readClaims } = store;
  if (readClaims) {
    metrics.counter(
      'wawp_read_claims_total',
      'Status and QR reads this replica claimed before sending them (the poll floor between replicas).',
      () => readClaims.stats().claimed,
    );
    metrics.counter(
      'wawp_read_claims_refused_total',
      'Claims refused because another replica (or this one) had just read the instance: the read waited.',
      () => readClaims.stats().refused,
    );
  }
  if (store.payloads && live.busHealth) {
    addBusMetrics(metrics, store.payloads, live.busHealth);
  }
  metrics.gauge(
    'wawp_polled_instances',
    'Instances this replica polls (holds the lease of).',
    () => pollManager.polled().length,
  );
  if (store.leases.balancing()) {
    metrics.gauge(
      'wawp_gateway_replicas',
      'Replicas on this database seen alive at the last lease balancing round (this one included).',
      () => store.leases.balancing()?.replicas ?? 0,
    );
    metrics.counter(
      'wawp_poll_leases_handed_over_total',
      'Poll leases this replica handed to a replica holding at least two fewer (lease balancing).',
      () => store.leases.balancing()?.handedOver ?? 0,
    );
  }
  const ws = attachGraphQLWs(server, yoga, {
    allowedOrigins: config.allowedOrigins,
    authorize: async (authorization, from) => {
      const viewer = await resolveViewer(authorization, from);
      return viewer ? toStreamKey(viewer) : null;
    },
    // the end user's page sends its link's cookie; the widget, on another origin, a token
    extraPaths: [
      {
        path: GATEWAY_ROUTES.connectGraphql,
        credentialOf: (req) => {
          const credential = linkCredentialOf(req);
          return credential?.startsWith(LINK_TOKEN_PREFIX) ? credential : null;
        },
      },
    ],
    streams,
    admit: (authorization, address) => {
      const taken = rateLimit.take(toBucketKey(authorization, address), isAdmin(authorization));
      return taken.ok ? null : rateLimitedSubscribeError(taken.retryAfterMs);
    },
    onError: (error) => logger.error({ err: error }, 'graphql-ws: authorizing a connection failed'),
  });

  metrics.gauge('wawp_ws_connections', 'Open graphql-ws sockets.', () => ws.wss.clients.size);
  let url = '';
  let stopping: Promise<void> | null = null;
  const maintenance = createMaintenance({ store, webhook, logger });

  const stop = async () => {
    maintenance.stop();
    await notifier.stop();
    // Subscribers get a retryable close first, then in-flight webhooks and polls finish, then
    // leases are released with the store.
    await ws.close();
    await live.stop();
    // SSE streams got a final retryable error from the hub: let them write it (a stream leaves
    // the registry once its last event is out) before the connections are cut.
    for (let waited = 0; streams.size > 0 && waited < 1_000; waited += 20) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
    await store.close();
    await simulator?.stop();
  };

  return {
    server,
    logger,
    store,
    simulator,
    adminKey,
    get url() {
      return url;
    },
    async start(port = config.port) {
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, config.host, () => resolve());
      });
      const address = server.address() as AddressInfo;
      // A wildcard is where to listen, not an address to reach (nor a Host the allow-list takes).
      const reachable = ['0.0.0.0', '::', '[::]'].includes(config.host) ? '127.0.0.1' : config.host;
      url = `http://${reachable}:${address.port}`;
      await eventHub.start();
      notifier.start();
      maintenance.start();
      logger.info(
        { url, upstream: simulator ? 'embedded simulator' : 'wawp' },
        'gateway listening',
      );
      // Wawp (or the embedded simulator) posts session.status events here; polling stays the
      // safety net when this fails or the plan has no webhooks.
      live.setLinkBase(config.publicUrl ?? url);
      const publicUrl = config.publicUrl ?? (simulator ? url : null);
      if (publicUrl) {
        void live.registerWebhooks(publicUrl);
      }
      return url;
    },
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}
