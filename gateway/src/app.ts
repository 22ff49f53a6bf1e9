import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSchemaContext,
  type DirectoryPort,
  type SessionState,
  type SessionsPort,
  schema,
} from '@wawp-gateway/schema';
import type { DestinationStream } from 'pino';
import { loadOrCreateAdminKey } from './auth/admin-key-file';
import { createViewerResolver } from './auth/resolve-viewer';
import type { GatewayConfig } from './config';
import {
  createEventHub,
  createInstanceResolver,
  createPollManager,
  type EventHub,
  type Intent,
  type PollManager,
  registerWebhooks,
  useSharedExecution,
  useWebhookIngest,
} from './events';
import { attachGraphQLWs } from './http/attach-graphql-ws';
import { createRequestListener } from './http/create-request-listener';
import { createGatewayYoga } from './http/create-yoga';
import { useHealthRoutes } from './http/use-health-routes';
import { createLogger, type Logger } from './logging/logger';
import { createMaintenance } from './maintenance';
import { createGatewayMetrics } from './metrics/gateway-metrics';
import { useMetricsRoute } from './metrics/use-metrics-route';
import { createSessionsService } from './sessions/sessions-service';
import { createSimulator, type Simulator, type SimulatorOptions } from './simulator';
import { createStore, type Store } from './store';
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

  const store = await createStore({
    databaseUrl: config.databaseUrl ?? undefined,
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
    onRequest: (event) => {
      metrics.onWawpRequest(event);
      logger.debug({ wawp: event }, 'wawp request');
    },
    ...deps.wawp,
  });
  // The sessions service reports to the hub and the hub polls through the sessions service and
  // the poller: bind late to break the cycle.
  let hub: EventHub | null = null;
  let poller: PollManager | null = null;
  const sessions = createSessionsService({
    wawp,
    onObserved: (state, source) => hub?.observe(state, source),
    onHealthChange: (healthy, detail) => {
      metrics.onHealth(healthy);
      poller?.onHealthChange(healthy, detail);
    },
  });
  const eventsLogger = logger.child({ component: 'events' });
  hub = createEventHub({
    store,
    sessions,
    directory: store.directory,
    logger: eventsLogger,
    watch: (instanceId) => (poller ? poller.watch(instanceId) : () => {}),
  });
  poller = createPollManager({
    sessions,
    leases: store.leases,
    hub,
    logger: eventsLogger,
    intervalMs: config.pollIntervalMs,
    watchdogStartingMs: config.watchdogStartingMs,
  });
  const eventHub = hub;
  const pollManager = poller;
  const webhookToken = config.webhookSecret
    ? null
    : (config.webhookToken ?? randomBytes(24).toString('base64url'));
  if (webhookToken) {
    secrets.add(webhookToken);
  }
  const webhook = useWebhookIngest({
    hmacSecret: config.webhookSecret,
    pathToken: webhookToken,
    hub: eventHub,
    deliveries: store.deliveries,
    sessions,
    resolveInstance: createInstanceResolver({ directory: store.directory }),
    logger: eventsLogger,
  });
  // What the schema sees: actions first tell the hub why the next transition happens.
  const withIntent =
    (intent: Intent, action: (id: string) => Promise<SessionState>) => (instanceId: string) => {
      eventHub.noteIntent(instanceId, intent);
      return action(instanceId);
    };
  const sessionsPort: SessionsPort = {
    ...sessions,
    stop: withIntent('stop', sessions.stop),
    restart: withIntent('restart', sessions.restart),
    logout: withIntent('logout', sessions.logout),
  };

  const instanceIds = [...config.wawpInstanceIds, ...(simulator?.instanceIds() ?? [])];
  for (const instanceId of instanceIds) {
    if (!(await store.directory.getInstance(instanceId))) {
      await store.directory.upsertInstance({ instanceId, label: null, tenantId: null });
    }
  }

  const resolveViewer = createViewerResolver({
    adminKey,
    authenticate: (key) => store.directory.authenticate(key),
  });
  const webhookUrl: string | null = null;
  const registerHooks = (instanceIds: string[]) => {
    if (webhookUrl) {
      registerWebhooks({ wawp, instanceIds, url: webhookUrl, logger: eventsLogger }).catch(
        (error: unknown) => logger.warn({ err: error }, 'webhook registration failed'),
      );
    }
  };
  // Instances created or registered later get the gateway's webhook too. A proxy, not a copy,
  // so the store's directory stays the one implementation.
  const upsertInstance: DirectoryPort['upsertInstance'] = async (input) => {
    const record = await store.directory.upsertInstance(input);
    registerHooks([record.instanceId]);
    return record;
  };
  const directory = new Proxy(store.directory, {
    get: (target, property, receiver) =>
      property === 'upsertInstance' ? upsertInstance : Reflect.get(target, property, receiver),
  });
  const ports = { sessions: sessionsPort, directory, events: eventHub };
  const yoga = createGatewayYoga({
    schema,
    logger,
    development: config.development,
    allowedOrigins: config.allowedOrigins,
    createContext: async (authorization, transport) => ({
      ...createSchemaContext(ports, await resolveViewer(authorization)),
      onEventsOverflow: transport.closeRetryable,
    }),
    plugins: [
      webhook,
      useMetricsRoute(metrics),
      useHealthRoutes({
        ready: async () => {
          await store.ping();
          return { ok: true, detail: { upstream: sessions.healthy() ? 'up' : 'down' } };
        },
      }),
      // Last, so it wraps the subscribe function every other plugin set up.
      ...(deps.sharedExecution === false ? [] : [useSharedExecution()]),
    ],
  });

  const server = createServer(
    createRequestListener({
      yoga,
      consoleDir: deps.consoleDir === undefined ? defaultConsoleDir : deps.consoleDir,
    }),
  );
  eventHub.onDispatch((event) => metrics.onEvent(event));
  metrics.gauge(
    'wawp_subscribers',
    'sessionEvents subscribers on this replica.',
    () => eventHub.subscriberCount,
  );
  metrics.gauge(
    'wawp_polled_instances',
    'Instances this replica polls (holds the lease of).',
    () => pollManager.polled().length,
  );
  const ws = attachGraphQLWs(server, yoga, {
    allowedOrigins: config.allowedOrigins,
    authorize: async (authorization) => (await resolveViewer(authorization)) !== null,
    onError: (error) => logger.error({ err: error }, 'graphql-ws: authorizing a connection failed'),
  });

  metrics.gauge('wawp_ws_connections', 'Open graphql-ws sockets.', () => ws.wss.clients.size);
  let url = '';
  let stopping: Promise<void> | null = null;
  const maintenance = createMaintenance({ store, webhook, logger });

  const stop = async () => {
    maintenance.stop();
    // Subscribers get a retryable close first, then in-flight webhooks and polls finish, then
    // leases are released with the store.
    await ws.close();
    await webhook.drained();
    pollManager.stop();
    await eventHub.stop();
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
      url = `http://${config.host}:${address.port}`;
      await eventHub.start();
      await maintenance.start();
      logger.info(
        { url, upstream: simulator ? 'embedded simulator' : 'wawp' },
        'gateway listening',
      );
      // Wawp (or the embedded simulator) posts session.status events here; polling stays the
      // safety net when this fails or the plan has no webhooks.
      const publicUrl = config.publicUrl ?? (simulator ? url : null);
      if (publicUrl) {
        const hookUrl = new URL('/webhooks/wawp', publicUrl);
        if (webhookToken) {
          hookUrl.searchParams.set('token', webhookToken);
        }
        const instanceIds = (await store.directory.listInstances()).map((i) => i.instanceId);
        void registerWebhooks({
          wawp,
          instanceIds,
          url: hookUrl.toString(),
          logger: eventsLogger,
        }).catch((error: unknown) => logger.warn({ err: error }, 'webhook registration failed'));
      }
      return url;
    },
    stop: () => {
      stopping ??= stop();
      return stopping;
    },
  };
}
