import type { SessionEvent, SessionStatus } from '@wawp-gateway/schema';
import type { EventHub, PollManager } from '../events';
import type { Logger } from '../logging/logger';

const PAST_STARTING: ReadonlySet<SessionStatus> = new Set(['SCAN_QR_CODE', 'WORKING', 'FAILED']);

/** Options of {@link createStartingWatch}. */
export interface StartingWatchOptions {
  poller: Pick<PollManager, 'watch'>;
  hub: Pick<EventHub, 'onDispatch' | 'follow'>;
  /** Whether someone wants to hear that `instanceId` is stuck (an endpoint for SESSION_STUCK). */
  wanted: (instanceId: string) => Promise<boolean>;
  /** How long a session may stay STARTING before the watchdog restarts it; 0 = off. */
  watchdogMs: number;
  /** The poll interval: the watch lasts the watchdog time plus a few of these. */
  intervalMs: number;
  logger: Pick<Logger, 'error'>;
}

/**
 * Polls a session that entered STARTING, while it stays there, when an integrator wants to hear
 * that it is stuck: the watchdog runs inside polling, and polling otherwise runs only while a
 * dashboard watches. The replica that recorded the change watches (its poll lease makes it the
 * one reader); the watch ends when the session gets past STARTING (to a QR code, WORKING or
 * FAILED), or after the watchdog time and a few polls, so nothing is polled for long. STOPPED does
 * not end it: a restart passes through STOPPED, and a watch begun again would restart again.
 */
export function createStartingWatch(options: StartingWatchOptions) {
  const holdMs = options.watchdogMs + 3 * options.intervalMs;
  const held = new Map<string, { release: () => void; timer: ReturnType<typeof setTimeout> }>();

  const end = (instanceId: string) => {
    const watch = held.get(instanceId);
    if (watch) {
      held.delete(instanceId);
      clearTimeout(watch.timer);
      watch.release();
    }
  };

  const begin = async (instanceId: string) => {
    if (held.has(instanceId) || !(await options.wanted(instanceId)) || held.has(instanceId)) {
      return;
    }
    const unwatch = options.poller.watch(instanceId);
    // its events must reach this replica's dispatch to end the watch (the Redis bus sends only those followed)
    const unfollow = options.hub.follow(instanceId);
    const release = () => {
      unfollow();
      unwatch();
    };
    const timer = setTimeout(() => end(instanceId), holdMs);
    timer.unref?.();
    held.set(instanceId, { release, timer });
  };

  const offDispatch = options.hub.onDispatch((event) => {
    if (event.kind === 'SessionStatusChanged' && PAST_STARTING.has(event.status)) {
      end(event.instanceId);
    }
  });

  return {
    /** Hands the events a replica recorded; a change into STARTING starts a watch. */
    onRecorded(events: readonly SessionEvent[]): void {
      if (options.watchdogMs <= 0) {
        return;
      }
      for (const event of events) {
        if (event.kind === 'SessionStatusChanged' && event.status === 'STARTING') {
          begin(event.instanceId).catch((error: unknown) => {
            options.logger.error(
              { err: error, instanceId: event.instanceId },
              'events: watching a STARTING session failed',
            );
          });
        }
      }
    },
    /** Instances watched now (tests). */
    watched: (): string[] => [...held.keys()],
    /** Ends every watch. */
    stop(): void {
      offDispatch();
      for (const instanceId of [...held.keys()]) {
        end(instanceId);
      }
    },
  };
}
