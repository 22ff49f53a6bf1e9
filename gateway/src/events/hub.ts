import type { EventSource, EventsPort, SessionEvent, SessionState } from '@wawp-gateway/schema';
import { createIngest } from './ingest';
import { createEventReader } from './reader';
import { createStateCache } from './state-cache';
import { createSubscriptions } from './subscriptions';
import type { EventDraft, EventHubOptions } from './types';
import { createVisibility } from './visibility';

export type { EventHubOptions };

/**
 * The replica's event hub. Writes: observations (polls, actions, webhooks) are diffed against the
 * stored state per instance and appended to the log, which NOTIFYs every replica. Reads: one
 * reader per replica follows the log in seq order, keeps per-instance state for snapshots and
 * hands each event, filtered by tenant, to local subscribers (`EventsPort`).
 */
export function createEventHub(options: EventHubOptions) {
  const { store, sessions, logger } = options;
  const listeners = new Set<(event: SessionEvent) => void>();
  const clockToleranceMs = options.clockToleranceMs ?? 0;
  const ingest = createIngest({ store, sessions, logger, intentTtlMs: options.intentTtlMs });
  const visibility = createVisibility({
    directory: options.directory,
    ttlMs: options.visibilityTtlMs,
  });
  const reader = createEventReader({
    events: store.events,
    bus: store.bus,
    logger,
    prepare: (batch) => visibility.refresh(batch.map((event) => event.instanceId)),
    dispatch: (batch) => {
      for (const event of batch) {
        cache.apply(event);
        subscriptions.dispatch(event);
        for (const listener of listeners) {
          listener(event);
        }
      }
    },
  });
  const cache = createStateCache({
    events: store.events,
    states: store.states,
    poll: (instanceId) => sessions.poll(instanceId, 0),
    idle: ingest.idle,
    reader,
  });
  const subscriptions = createSubscriptions({
    events: store.events,
    directory: options.directory,
    healthy: sessions.healthy,
    reader,
    cache,
    visibility,
    logger,
    watch: options.watch ?? (() => () => {}),
    bufferSize: options.bufferSize ?? 500,
    maxReplay: options.maxReplay ?? 1_000,
  });
  const webhookSeen = new Map<string, number>();
  let started: Promise<void> | null = null;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  const events: EventsPort = { subscribe: (args) => subscriptions.subscribe(args, ready) };

  /** Appends an event that no state diff produces (the watchdog's restart, upstream health). */
  const announce = (instanceId: string, draft: EventDraft, source: EventSource = 'GATEWAY') =>
    store.events.append({ ...draft, instanceId, occurredAt: new Date(), source });

  return {
    ...events,
    /** Starts following the log. Subscriptions opened before wait for it. */
    start(): Promise<void> {
      started ??= reader.start().then(markReady);
      return started;
    },
    /** Ends every subscription (transports close with a retryable code), then drains writes. */
    async stop(): Promise<void> {
      subscriptions.closeAll();
      await ingest.drained();
      await reader.stop();
    },
    ingest: ingest.ingest,
    noteIntent: ingest.noteIntent,
    /**
     * Adapter for `createSessionsService({ onObserved })`: ingests every state read from Wawp.
     * A read is dated by the gateway's clock, so webhooks Wawp emitted before it are stale.
     */
    observe(state: SessionState, source: EventSource): void {
      const { instanceId, status, me, observedAt } = state;
      const upstreamTs = observedAt.getTime() - clockToleranceMs;
      const observation = { instanceId, status, me, observedAt, upstreamTs };
      ingest.ingest(observation, source).catch((error: unknown) => {
        logger.error({ err: error, instanceId }, 'events: ingest failed');
      });
    },
    announce,
    /** Appends an `UpstreamHealthChanged` (source GATEWAY) for each of `instanceIds`. */
    async publishHealth(healthy: boolean, detail: string | null, instanceIds: readonly string[]) {
      for (const instanceId of instanceIds) {
        await announce(instanceId, { kind: 'UpstreamHealthChanged', healthy, detail }, 'GATEWAY');
      }
    },
    /** The state local subscribers were last told about, or `null` while nobody watches it. */
    peek: (instanceId: string) => cache.peek(instanceId),
    /** Records that a webhook arrived for `instanceId` (the poller slows down). */
    noteWebhook(instanceId: string, at = Date.now()): void {
      webhookSeen.set(instanceId, at);
    },
    lastWebhookAt: (instanceId: string): number | null => webhookSeen.get(instanceId) ?? null,
    /** Calls `listener` with every event this replica dispatches (from any replica); returns the off. */
    onDispatch(listener: (event: SessionEvent) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    /** Local subscribers, for metrics. */
    get subscriberCount(): number {
      return subscriptions.size;
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
