import type { EventSource, EventsPort, SessionEvent } from '@wawp-gateway/schema';
import { isClaimedElsewhereRefusal } from '../sessions';
import { isAccessKind, type LogEntry, type LoggedAccessChange } from '../store';
import {
  createEventReader,
  createFollows,
  createStateCache,
  createSubscriptions,
  createVisibility,
} from './delivery';
import { createIngest, fromRead, type IngestFlags, type IngestResult } from './ingest';
import type { EventDraft, EventHubOptions, Observation } from './types';

export type { EventHubOptions };

const isAccessChange = (entry: LogEntry): entry is LoggedAccessChange => isAccessKind(entry.kind);

/**
 * The replica's event hub. Writes: whoever reads Wawp (the poll loop, the webhook processor, the
 * sessions port, the hub's own cold reads) reports each observation to `observe`, which diffs it
 * against the stored state per instance and appends what changed to the log; `announce` appends
 * what no diff produces. Reads: one reader per replica follows the log in seq order, keeps
 * per-instance state for snapshots and hands each event, filtered by tenant, to local
 * subscribers (`subscribe`).
 */
export function createEventHub(options: EventHubOptions) {
  const { store, logger } = options;
  const listeners = new Set<(event: SessionEvent) => void>();
  const accessListeners = new Set<(change: LoggedAccessChange) => void>();
  const watchers = new Set<(instanceId: string) => () => void>();
  const ingest = createIngest({
    store,
    intents: options.intents,
    logger,
    onRecorded: options.onRecorded,
  });

  const observe = (
    observation: Observation,
    source: EventSource,
    flags?: IngestFlags,
  ): Promise<IngestResult> => {
    const result = ingest.ingest(observation, source, flags);
    // Reporters of reads do not wait for the write; a failure is logged here either way.
    result.catch((error: unknown) => {
      logger.error({ err: error, instanceId: observation.instanceId }, 'events: ingest failed');
    });
    return result;
  };

  const payloads = store.payloads ?? null;
  const follows = createFollows({
    onFollow: (instanceId) => payloads?.follow(instanceId),
    onUnfollow: (instanceId) => {
      payloads?.unfollow(instanceId);
      if (payloads) {
        cache.retain(follows.has);
      }
    },
  });
  const visibility = createVisibility({
    directory: options.directory,
    ttlMs: options.visibilityTtlMs,
  });
  const reader = createEventReader({
    events: store.events,
    bus: store.bus,
    payloads,
    follows: follows.has,
    onFallback: options.onBusFallback,
    logger,
    prepare: (batch) =>
      visibility.refresh(
        batch.flatMap((entry) => (isAccessChange(entry) ? [] : [entry.instanceId])),
      ),
    dispatch: (batch) => {
      for (const event of batch) {
        if (isAccessChange(event)) {
          applyAccessChange(event);
          continue;
        }
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
    read: async (instanceId) => {
      try {
        const read = await options.sessions.readSession(instanceId, 0, {
          waitForSlot: true,
          claimedElsewhere: 'refuse',
        });
        if (read.fresh) {
          void observe(fromRead(read.state), 'POLL');
        }
        return true;
      } catch (error) {
        if (isClaimedElsewhereRefusal(error)) {
          return false; // another replica is reading it: its answer will be stored
        }
        throw error;
      }
    },
    idle: ingest.idle,
    reader,
  });
  const subscriptions = createSubscriptions({
    events: store.events,
    directory: options.directory,
    healthy: options.health.healthy,
    reader,
    cache,
    visibility,
    logger,
    follow: follows.follow,
    watch: (instanceId) => {
      const unwatches = [...watchers].map((watcher) => watcher(instanceId));
      return () => {
        for (const unwatch of unwatches) {
          unwatch();
        }
      };
    },
    bufferSize: options.bufferSize ?? 500,
  });
  // In log order, before any later event is offered: nothing appended after a revocation or a
  // reassignment reaches a stream that lost access.
  const applyAccessChange = (change: LoggedAccessChange) => {
    if (change.kind === 'ApiKeyRevoked') {
      subscriptions.revoke(change.keyId);
    } else if (change.kind === 'ConnectLinkEnded') {
      change.reason === 'used'
        ? subscriptions.spent(change.linkId)
        : subscriptions.revoke(change.linkId);
    } else {
      visibility.apply(change);
      subscriptions.reassigned(change.instanceId);
    }
    for (const listener of accessListeners) {
      listener(change);
    }
  };
  let started: Promise<void> | null = null;
  let markReady = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  return {
    /** Diffs an observation against the stored state and appends what changed (see `IngestFlags`). */
    observe,
    /** Appends an event that no state diff produces (the watchdog's restart, upstream health). */
    announce: (instanceId: string, draft: EventDraft, source: EventSource = 'GATEWAY') =>
      store.events.append({ ...draft, instanceId, occurredAt: new Date(), source }),
    subscribe: ((args) => subscriptions.subscribe(args, ready)) satisfies EventsPort['subscribe'],
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
    /**
     * Calls `listener` with every event this replica dispatches (from any replica): on the Redis
     * bus, those of the instances it follows. Returns the off.
     */
    onDispatch(listener: (event: SessionEvent) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    /** Calls `listener` with every access change of the log, once it has been applied here. */
    onAccessChange(listener: (change: LoggedAccessChange) => void): () => void {
      accessListeners.add(listener);
      return () => {
        accessListeners.delete(listener);
      };
    },
    /**
     * Calls `watcher` for each instance a local subscriber starts watching; the function it
     * returns is called when that subscriber stops. The poll manager polls while watched.
     */
    onWatch(watcher: (instanceId: string) => () => void): () => void {
      watchers.add(watcher);
      return () => {
        watchers.delete(watcher);
      };
    },
    /**
     * Makes this replica want `instanceId`'s events (dispatched, and `onDispatch` told) while it
     * does not subscribe to it itself; returns the undo. On the default bus every event is
     * dispatched anyway; on the Redis bus only followed instances' are.
     */
    follow: (instanceId: string): (() => void) => follows.follow(instanceId),
    /** Local subscribers, for metrics. */
    get subscriberCount(): number {
      return subscriptions.size;
    },
  };
}

export type EventHub = ReturnType<typeof createEventHub>;
