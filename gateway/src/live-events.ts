import { randomBytes } from 'node:crypto';
import type { DirectoryPort, SessionState, SessionsPort } from '@wawp-gateway/schema';
import type { GatewayConfig } from './config';
import {
  createEventHub,
  createInstanceResolver,
  createPollManager,
  type Intent,
  registerWebhooks,
  useWebhookIngest,
} from './events';
import type { Logger } from './logging/logger';
import type { GatewayMetrics } from './metrics/gateway-metrics';
import { createSessionsService } from './sessions/sessions-service';
import type { Store } from './store';
import type { WawpClient } from './wawp';

/** Options of {@link createLiveEvents}. */
export interface LiveEventsOptions {
  config: Pick<
    GatewayConfig,
    'webhookSecret' | 'webhookToken' | 'pollIntervalMs' | 'watchdogStartingMs'
  >;
  store: Store;
  wawp: WawpClient;
  logger: Logger;
  metrics: Pick<GatewayMetrics, 'onHealth'>;
  /** The values the log scrubber removes; a generated webhook token joins them. */
  secrets: Set<string>;
}

/**
 * The live half of the gateway, wired once: the sessions service reports every read to the event
 * hub, the hub polls through the poll manager, webhooks feed the hub, and the ports the schema
 * sees note why the gateway itself changes a session. Webhook registration follows instances
 * added later, once {@link LiveEvents.registerWebhooks} knows the public URL.
 */
export function createLiveEvents(options: LiveEventsOptions) {
  const { config, store, wawp, logger, metrics, secrets } = options;
  // The sessions service reports to the hub, and the hub polls through the sessions service and
  // the poller: these callbacks name `hub` and `poller` before they exist and run only later
  // (a read, a subscription), once both are built.
  const sessions = createSessionsService({
    wawp,
    onObserved: (state, source) => hub.observe(state, source),
    onHealthChange: (healthy, detail) => {
      metrics.onHealth(healthy);
      poller.onHealthChange(healthy, detail);
    },
  });
  const eventsLogger = logger.child({ component: 'events' });
  const hub = createEventHub({
    store,
    sessions,
    directory: store.directory,
    logger: eventsLogger,
    watch: (instanceId) => poller.watch(instanceId),
  });
  const poller = createPollManager({
    sessions,
    leases: store.leases,
    hub,
    logger: eventsLogger,
    intervalMs: config.pollIntervalMs,
    watchdogStartingMs: config.watchdogStartingMs,
  });

  const webhookToken = config.webhookSecret
    ? null
    : (config.webhookToken ?? randomBytes(24).toString('base64url'));
  if (webhookToken) {
    secrets.add(webhookToken);
  }
  const webhook = useWebhookIngest({
    hmacSecret: config.webhookSecret,
    pathToken: webhookToken,
    hub,
    deliveries: store.deliveries,
    sessions,
    resolveInstance: createInstanceResolver({ directory: store.directory }),
    logger: eventsLogger,
  });

  // What the schema sees: actions first tell the hub why the next transition happens.
  const withIntent =
    (intent: Intent, action: (id: string) => Promise<SessionState>) => (instanceId: string) => {
      hub.noteIntent(instanceId, intent);
      return action(instanceId);
    };
  const sessionsPort: SessionsPort = {
    ...sessions,
    stop: withIntent('stop', sessions.stop),
    restart: withIntent('restart', sessions.restart),
    logout: withIntent('logout', sessions.logout),
  };

  let webhookUrl: string | null = null;
  const register = (instanceIds: string[]) => {
    if (!webhookUrl || instanceIds.length === 0) {
      return Promise.resolve();
    }
    return registerWebhooks({ wawp, instanceIds, url: webhookUrl, logger: eventsLogger }).then(
      () => {},
      (error: unknown) => logger.warn({ err: error }, 'webhook registration failed'),
    );
  };
  // Instances created or registered later get the gateway's webhook too, before the mutation
  // answers (a failure is logged, not raised: polling covers the instance). A proxy, not a copy,
  // so the store's directory stays the one implementation.
  const upsertInstance: DirectoryPort['upsertInstance'] = async (input) => {
    const record = await store.directory.upsertInstance(input);
    await register([record.instanceId]);
    return record;
  };
  const directory: DirectoryPort = new Proxy(store.directory, {
    get: (target, property, receiver) =>
      property === 'upsertInstance' ? upsertInstance : Reflect.get(target, property, receiver),
  });

  return {
    sessions,
    hub,
    poller,
    webhook,
    /** The sessions port for the schema (gateway actions noted as intents). */
    sessionsPort,
    /** The directory port for the schema (new instances get the gateway's webhook). */
    directory,
    /**
     * Registers `{publicUrl}/webhooks/wawp` (with the path token unless HMAC is configured) on
     * every known instance, and from now on on each instance created or registered. Polling
     * stays the safety net when this fails or the plan has no webhooks.
     */
    async registerWebhooks(publicUrl: string): Promise<void> {
      const hookUrl = new URL('/webhooks/wawp', publicUrl);
      if (webhookToken) {
        hookUrl.searchParams.set('token', webhookToken);
      }
      webhookUrl = hookUrl.toString();
      const instances = await store.directory.listInstances();
      await register(instances.map((instance) => instance.instanceId));
    },
    /** In-flight webhooks finish, polling stops and leases go, then the hub drains its writes. */
    async stop(): Promise<void> {
      await webhook.drained();
      await poller.stop();
      await hub.stop();
    },
  };
}

/** The wired live-events half of a gateway. */
export type LiveEvents = ReturnType<typeof createLiveEvents>;
