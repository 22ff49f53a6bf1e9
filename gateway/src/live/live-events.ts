import type { DirectoryPort } from '@wawp-gateway/schema';
import type { GatewayConfig } from '../config';
import {
  createEventHub,
  createInstanceResolver,
  createIntents,
  createPollManager,
  createWebhookCredentials,
  type RegisterWebhooksResult,
  registerWebhooks,
  unregisterWebhooks,
  useWebhookIngest,
} from '../events';
import { connectUrl, GATEWAY_ROUTES } from '../http/routes';
import type { Logger } from '../logging/logger';
import { createSessionsService, createUpstreamHealth } from '../sessions';
import type { Store } from '../store';
import type { WawpClient } from '../wawp';
import { watchBusHealth } from './bus-health';
import { createOwnerShares } from './owner-shares';
import { createSessionsPort } from './sessions-port';
import { createStartingWatch } from './starting-watch';

/** Options of {@link createLiveEvents}. */
export interface LiveEventsOptions {
  config: Pick<GatewayConfig, 'webhookSecrets' | 'pollIntervalMs' | 'watchdogStartingMs'>;
  /**
   * The webhook master secrets (configured, or the one every replica shares in the database):
   * the first derives each instance's webhook secret, all are accepted.
   */
  webhookMasters: readonly string[];
  /** Counts deliveries whose timestamp was out of bounds (the metrics). */
  onWebhookTimestampDiscarded?: () => void;
  store: Store;
  wawp: WawpClient;
  logger: Logger;
  /** The values the log scrubber removes; a generated webhook token joins them. */
  secrets: Set<string>;
  /** Live events held per subscriber before it counts as too slow. @default 500 */
  bufferSize?: number;
}

/**
 * The live half of the gateway, built in dependency order so that data flows one way: the
 * sessions service reads Wawp and returns what it read; the hub ingests what readers report and
 * delivers the log; the poll manager polls while the hub says someone watches; the webhook
 * ingest feeds the hub; the sessions port the schema sees reports its own reads. Webhook
 * registration follows instances added later, once {@link LiveEvents.registerWebhooks} knows
 * the public URL.
 */
export function createLiveEvents(options: LiveEventsOptions) {
  const { config, store, wawp, logger, secrets } = options;
  const eventsLogger = logger.child({ component: 'events' });

  const health = createUpstreamHealth();
  const sessions = createSessionsService({
    wawp,
    health,
    shareOf: createOwnerShares({ directory: store.directory }),
  });
  const intents = createIntents();
  const busHealth = store.payloads
    ? watchBusHealth({ payloads: store.payloads, logger: eventsLogger })
    : null;
  const hub = createEventHub({
    store,
    sessions,
    health,
    intents,
    directory: store.directory,
    logger: eventsLogger,
    bufferSize: options.bufferSize,
    onBusFallback: busHealth?.onFallback,
    onRecorded: (events) => {
      // an end user's connect links are spent once their phone is linked (their streams end)
      const linked = events.find(
        (e) => e.kind === 'SessionStatusChanged' && e.status === 'WORKING',
      );
      if (linked) {
        store.directory.markConnectLinksUsed(linked.instanceId).catch((error: unknown) => {
          eventsLogger.error(
            { err: error, instanceId: linked.instanceId },
            'connect links: marking used failed',
          );
        });
      }
      startingWatch.onRecorded(events);
    },
  });
  const poller = createPollManager({
    sessions,
    leases: store.leases,
    hub,
    intents,
    logger: eventsLogger,
    intervalMs: config.pollIntervalMs,
    watchdogStartingMs: config.watchdogStartingMs,
  });
  hub.onWatch(poller.watch);
  const startingWatch = createStartingWatch({
    poller,
    hub,
    wanted: async (instanceId) => {
      const tenantId = (await store.directory.getInstance(instanceId))?.tenantId;
      return (
        !!tenantId &&
        (await store.notifications.endpoints.subscribed(tenantId, 'SESSION_STUCK')).length > 0
      );
    },
    watchdogMs: config.watchdogStartingMs,
    intervalMs: config.pollIntervalMs,
    logger: eventsLogger,
  });
  health.onChange(({ instanceId, healthy, detail }) => {
    if (instanceId !== null) {
      poller.announceHealth(instanceId, healthy, detail);
    }
  });

  for (const secret of [...options.webhookMasters, ...config.webhookSecrets]) {
    secrets.add(secret);
  }
  const credentials = createWebhookCredentials({
    masters: options.webhookMasters,
    hmacKeys: config.webhookSecrets,
    onSecret: (secret) => secrets.add(secret),
  });
  const webhook = useWebhookIngest({
    credentials,
    onTimestampDiscarded: options.onWebhookTimestampDiscarded,
    hub,
    arrivals: poller,
    deliveries: store.deliveries,
    sessions,
    resolveInstance: createInstanceResolver({ directory: store.directory }),
    logger: eventsLogger,
  });
  let webhookUrl: string | null = null;
  const register = async (instanceIds: string[]): Promise<RegisterWebhooksResult> => {
    const none: RegisterWebhooksResult = { registered: [], pollingOnly: [], failed: [] };
    if (!webhookUrl || instanceIds.length === 0) {
      return none;
    }
    return registerWebhooks({
      wawp,
      instanceIds,
      url: webhookUrl,
      secretFor: credentials.secretFor,
      logger: eventsLogger,
    }).catch((error: unknown) => {
      logger.warn({ err: error }, 'webhook registration failed');
      return { ...none, failed: instanceIds };
    });
  };
  const port = createSessionsPort({ sessions, hub, intents });
  // An instance being deleted loses the gateway's webhook first, so Wawp keeps no hook that
  // points at the gateway (and carries its secret) for an instance it no longer knows.
  const sessionsPort: typeof port = {
    ...port,
    async deleteUpstream(instanceId, call) {
      if (webhookUrl) {
        await unregisterWebhooks({ wawp, instanceId, url: webhookUrl, logger: eventsLogger });
      }
      return port.deleteUpstream(instanceId, call);
    },
  };
  // Instances created or registered later get the gateway's webhook too, before the mutation
  // answers (a failure is logged, not raised: polling covers the instance). A proxy, not a copy,
  // so the store's directory stays the one implementation.
  const upsertInstance: DirectoryPort['upsertInstance'] = async (input) => {
    const record = await store.directory.upsertInstance(input);
    await register([record.instanceId]);
    return record;
  };
  // A link's URL is `<base>/connect/<token>`: GATEWAY_PUBLIC_URL, or the gateway's own URL.
  let linkBase: string | null = null;
  const createConnectLink: DirectoryPort['createConnectLink'] = async (input) => {
    if (!linkBase) {
      throw new Error('connect links: the gateway has no URL yet (not started)');
    }
    const { token, ...record } = await store.directory.createConnectLink(input);
    return { ...record, url: connectUrl(linkBase, token) };
  };
  const overrides: Partial<DirectoryPort> = { upsertInstance, createConnectLink };
  const directory = new Proxy(store.directory, {
    get: (target, property, receiver) =>
      overrides[property as keyof DirectoryPort] ?? Reflect.get(target, property, receiver),
  }) as unknown as DirectoryPort;

  return {
    hub,
    poller,
    webhook,
    /** The Redis bus's health and fallback count; `null` on the default bus. */
    busHealth,
    /** Whether Wawp answers, as a whole (for `/readyz` and the metrics). */
    healthy: () => health.healthy(),
    /** The sessions port for the schema (its reads reported, actions noted as intents). */
    sessionsPort,
    /** The directory port for the schema (new instances get the gateway's webhook). */
    directory,
    /**
     * Registers the webhook route (each instance with its own secret) on every
     * known instance, and from now on on each instance created or registered. Polling stays the
     * safety net when this fails or the plan has no webhooks.
     */
    /** Where connect links point: `GATEWAY_PUBLIC_URL`, or the gateway's own URL. */
    setLinkBase(url: string): void {
      linkBase = url;
    },
    async registerWebhooks(publicUrl: string): Promise<RegisterWebhooksResult> {
      webhookUrl = new URL(GATEWAY_ROUTES.webhooks, publicUrl).toString();
      const instances = await store.directory.listInstances();
      return register(instances.map((instance) => instance.instanceId));
    },
    /** In-flight webhooks finish, polling stops and leases go, then the hub drains its writes. */
    async stop(): Promise<void> {
      await webhook.drained();
      startingWatch.stop();
      await poller.stop();
      await hub.stop();
    },
  };
}

/** The wired live-events half of a gateway. */
export type LiveEvents = ReturnType<typeof createLiveEvents>;
