import type { QrCode, SessionState } from '@wawp-gateway/schema';
import type { Leases } from '../store';
import type { EventHub } from './hub';
import { createLimiter } from './limiter';
import { createPollLoop, type PollLoop } from './poll-loop';
import { POLL_FLOOR_MS } from './poll-schedule';
import type { EventsLogger } from './types';

/** Options of {@link createPollManager}. */
export interface PollManagerOptions {
  sessions: {
    poll(instanceId: string, maxAgeMs?: number): Promise<SessionState>;
    fetchQrCode(instanceId: string): Promise<QrCode | null>;
    forgetQrCode(instanceId: string): void;
    restart(instanceId: string): Promise<SessionState>;
  };
  leases: Pick<Leases, 'tryAcquire' | 'release' | 'onLost'>;
  hub: Pick<
    EventHub,
    'ingest' | 'lastWebhookAt' | 'noteIntent' | 'announce' | 'publishHealth' | 'onDispatch'
  >;
  /** Base interval per instance (transitional statuses), never below 2 s. @default 3_000 // 3 s */
  intervalMs?: number;
  /** Restart a session STARTING for longer than this, once; 0 = off. @default 60_000 // 60 s */
  watchdogStartingMs?: number;
  /** Polls (and QR fetches) in flight at once across all instances. @default 4 */
  maxConcurrent?: number;
  logger: EventsLogger;
  random?: () => number;
  now?: () => number;
}

/**
 * Polls `session/info` for watched instances: only while a local subscriber watches one (first
 * watcher starts, last stops) and only while this replica holds the instance's lease, so exactly
 * one replica polls it; the others retry the lease every base interval and take over within one
 * interval of the owner dying. Each answer reaches the hub through the sessions service.
 */
export function createPollManager(options: PollManagerOptions) {
  const { hub, logger } = options;
  const shared = {
    sessions: options.sessions,
    leases: options.leases,
    hub,
    logger,
    limiter: createLimiter(options.maxConcurrent ?? 4),
    baseMs: Math.max(POLL_FLOOR_MS, options.intervalMs ?? 3_000),
    watchdogStartingMs: options.watchdogStartingMs ?? 60_000,
    random: options.random ?? Math.random,
    now: options.now ?? Date.now,
  };
  const loops = new Map<string, { loop: PollLoop; refs: number }>();
  const stopping = new Map<string, Promise<void>>();

  const stopLoop = async (instanceId: string, loop: PollLoop) => {
    loops.delete(instanceId);
    const done = loop.stop();
    // a new watcher arriving meanwhile starts a loop that waits for this lease to be released
    stopping.set(instanceId, done);
    await done;
    if (stopping.get(instanceId) === done) {
      stopping.delete(instanceId);
    }
  };

  const polled = () => [...loops].filter(([, { loop }]) => loop.owner).map(([id]) => id);

  const unsubscribeLost = options.leases.onLost((ids) => {
    for (const id of ids) {
      loops.get(id)?.loop.lost();
    }
  });
  const unsubscribeEvents = hub.onDispatch((event) => {
    if (event.kind === 'SessionStatusChanged') {
      loops.get(event.instanceId)?.loop.nudge(event.status);
    }
  });

  return {
    /** Counts a local watcher of `instanceId`; the returned function (idempotent) uncounts it. */
    watch(instanceId: string): () => void {
      let entry = loops.get(instanceId);
      if (!entry) {
        const previous = stopping.get(instanceId) ?? Promise.resolve();
        entry = { loop: createPollLoop({ ...shared, instanceId, previous }), refs: 0 };
        loops.set(instanceId, entry);
      }
      const watched = entry;
      watched.refs += 1;
      let done = false;
      return () => {
        if (!done) {
          done = true;
          watched.refs -= 1;
          if (watched.refs === 0) {
            void stopLoop(instanceId, watched.loop);
          }
        }
      };
    },
    /** Wire to the sessions service's `onHealthChange`: tells watchers of polled instances. */
    onHealthChange(healthy: boolean, detail: string | null): void {
      hub.publishHealth(healthy, detail, polled()).catch((error: unknown) => {
        logger.error({ err: error }, 'events: publishing upstream health failed');
      });
    },
    /** The instances this replica polls now (watched, and the lease held). */
    polled,
    /** Stops every loop and releases the leases. */
    async stop(): Promise<void> {
      unsubscribeLost();
      unsubscribeEvents();
      await Promise.all([...loops].map(([id, { loop }]) => stopLoop(id, loop)));
    },
  };
}

export type PollManager = ReturnType<typeof createPollManager>;
