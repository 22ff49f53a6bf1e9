import type { Leases } from '../../store';
import { WAWP_POLL_FLOOR_MS } from '../../wawp';
import type { EventHub } from '../hub';
import type { Intents } from '../ingest';
import type { EventsLogger, EventsSessions } from '../types';
import { createHealthAnnouncer } from './health-announcer';
import { createLimiter } from './limiter';
import { createPollLoop, type PollLoop } from './poll-loop';

/**
 * The least time between a lease holder's last read and anyone else's first: the Wawp floor,
 * plus room for the request in flight.
 */
export const LEASE_MARGIN_MS = WAWP_POLL_FLOOR_MS + 500;

/** Options of {@link createPollManager}. */
export interface PollManagerOptions {
  sessions: Pick<EventsSessions, 'readSession' | 'readQrCode' | 'forgetQrCode' | 'act'>;
  /** `holds` lets a loop check its lease right before each read; see `PollLoopOptions`. */
  leases: Pick<Leases, 'tryAcquire' | 'release' | 'onLost'> & Partial<Pick<Leases, 'holds'>>;
  hub: Pick<EventHub, 'observe' | 'announce' | 'onDispatch'>;
  /** The watchdog notes its restart here, so the transition is not taken for a disconnect. */
  intents: Pick<Intents, 'note'>;
  /** Base interval per instance (transitional statuses), never below 2 s. @default 3_000 // 3 s */
  intervalMs?: number;
  /**
   * How long a poll lease outlives its holder's last renewal: a stopped or cut-off replica's
   * instances move after about this long. At least 5 s. @default 3 × intervalMs
   */
  leaseExpiryMs?: number;
  /** Restart a session STARTING for longer than this, once; 0 = off. @default 60_000 // 60 s */
  watchdogStartingMs?: number;
  /** Polls (and QR fetches) in flight at once across all instances. @default 4 */
  maxConcurrent?: number;
  logger: EventsLogger;
  /** The shortest gap between two `UpstreamHealthChanged` of one instance. @default 5_000 // 5 s */
  healthGapMs?: number;
  random?: () => number;
  now?: () => number;
}

/**
 * Polls `session/info` for watched instances: only while a local subscriber watches one (first
 * watcher starts, last stops) and only while this replica holds the instance's lease, so exactly
 * one replica polls it; the others retry the lease every base interval and take over within one
 * interval of the owner's crash (its lock connection dies), or of its lease expiring when it
 * stalls or is cut off. The lease's holder stops reading at least {@link LEASE_MARGIN_MS} before
 * anyone else can take the lease over, so two reads of one instance stay further apart than the
 * Wawp floor. The loop reports each read to the hub; webhook arrivals (noted by the webhook
 * processor) slow it down.
 */
export function createPollManager(options: PollManagerOptions) {
  const { hub, logger } = options;
  const baseMs = Math.max(WAWP_POLL_FLOOR_MS, options.intervalMs ?? 3_000);
  const expiryMs = Math.max(2 * LEASE_MARGIN_MS, options.leaseExpiryMs ?? 3 * baseMs);
  const leaseTiming = { expiryMs, marginMs: Math.max(LEASE_MARGIN_MS, expiryMs / 3) };
  const webhookSeen = new Map<string, number>();
  const shared = {
    sessions: options.sessions,
    leases: options.leases,
    hub,
    intents: options.intents,
    lastWebhookAt: (instanceId: string) => webhookSeen.get(instanceId) ?? null,
    logger,
    limiter: createLimiter(options.maxConcurrent ?? 4),
    leaseTiming,
    baseMs,
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
  const health = createHealthAnnouncer({
    polls: (instanceId) => loops.get(instanceId)?.loop.owner === true,
    minGapMs: options.healthGapMs,
    now: shared.now,
    announce: async (instanceId, healthy, detail) => {
      try {
        await hub.announce(instanceId, { kind: 'UpstreamHealthChanged', healthy, detail });
      } catch (error) {
        logger.error({ err: error, instanceId }, 'events: publishing upstream health failed');
      }
    },
  });

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
    /** Records that a webhook arrived for `instanceId` (its loop slows down). */
    noteWebhook(instanceId: string, at = shared.now()): void {
      webhookSeen.set(instanceId, at);
    },
    /**
     * `instanceId` became healthy or not: appends its `UpstreamHealthChanged` if this replica
     * polls it, at most one per instance per `healthGapMs`.
     */
    announceHealth(instanceId: string, healthy: boolean, detail: string | null): void {
      health.changed(instanceId, healthy, detail);
    },
    /** The instances this replica polls now (watched, and the lease held). */
    polled,
    /** Stops every loop and releases the leases. */
    async stop(): Promise<void> {
      health.stop();
      unsubscribeLost();
      unsubscribeEvents();
      await Promise.all([...loops].map(([id, { loop }]) => stopLoop(id, loop)));
    },
  };
}

export type PollManager = ReturnType<typeof createPollManager>;
