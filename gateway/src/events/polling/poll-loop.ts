import type { SessionStatus } from '@wawp-gateway/schema';
import type { Leases } from '../../store';
import type { EventHub } from '../hub';
import { fromRead, type Intents } from '../ingest';
import type { EventsLogger, EventsSessions } from '../types';
import type { createLimiter } from './limiter';
import { jitter, retryAfterOf, toBackoff, toPollDelay } from './poll-schedule';
import { createQrRefresher } from './qr-refresher';
import { createWatchdog } from './watchdog';

/** @private What one instance's poll loop needs; see `PollManagerOptions`. */
export interface PollLoopOptions {
  instanceId: string;
  sessions: Pick<EventsSessions, 'readSession' | 'readQrCode' | 'forgetQrCode' | 'act'>;
  leases: Pick<Leases, 'tryAcquire' | 'release'>;
  hub: Pick<EventHub, 'observe' | 'announce'>;
  intents: Pick<Intents, 'note'>;
  /** When the last webhook for the instance arrived, if ever (webhooks slow the loop down). */
  lastWebhookAt(instanceId: string): number | null;
  limiter: ReturnType<typeof createLimiter>;
  baseMs: number;
  watchdogStartingMs: number;
  logger: EventsLogger;
  random: () => number;
  now: () => number;
  /** Resolves when the previous loop of this instance has released its lease. */
  previous: Promise<void>;
}

/**
 * @private One watched instance: acquire the lease (or retry every base interval), then poll at
 * the adaptive interval, keep the QR current, run the watchdog, back off on failures.
 */
export function createPollLoop(options: PollLoopOptions) {
  const { instanceId: id, sessions, leases, hub, limiter, baseMs, logger, now } = options;
  const watchdog = createWatchdog({ ...options, ms: options.watchdogStartingMs });
  const qr = createQrRefresher(options);
  let owner = false;
  let stopped = false;
  let backoffMs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = 0;
  let lastPollAt = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | null = null;

  const tick = async () => {
    await options.previous;
    let delay = baseMs;
    try {
      owner ||= await leases.tryAcquire(id);
      if (stopped || !owner) {
        return;
      }
      lastPollAt = now();
      const read = await limiter.run(() => sessions.readSession(id, 1_000));
      const { state } = read;
      if (read.fresh) {
        void hub.observe(fromRead(state), 'POLL');
      }
      backoffMs = 0;
      await watchdog.check(state);
      const qrCode = state.status === 'SCAN_QR_CODE' ? await limiter.run(qr.refresh) : null;
      const lastWebhookAt = options.lastWebhookAt(id);
      const next = toPollDelay({ status: state.status, baseMs, lastWebhookAt, qrCode, now: now() });
      delay = jitter(next, options.random);
    } catch (error) {
      backoffMs = toBackoff(backoffMs, baseMs, retryAfterOf(error));
      delay = backoffMs;
      logger.warn({ err: error, instanceId: id, retryInMs: delay }, 'events: poll failed');
    } finally {
      schedule(delay);
    }
  };

  function schedule(delayMs: number) {
    if (stopped) {
      return;
    }
    clearTimeout(timer);
    dueAt = now() + delayMs;
    timer = setTimeout(() => {
      running = tick().finally(() => {
        running = null;
      });
    }, delayMs);
  }

  schedule(0);
  return {
    /** Whether this replica holds the lease (and so polls). */
    get owner() {
      return owner;
    },
    /**
     * The status changed elsewhere (a webhook, an action, another replica): poll at the pace of
     * the new status, counted from the last poll, if that is sooner than planned.
     */
    nudge(status: SessionStatus): void {
      if (stopped || running || !owner) {
        return;
      }
      const delay = toPollDelay({ status, baseMs, lastWebhookAt: null, qrCode: null, now: now() });
      const due = Math.max(now(), lastPollAt + delay);
      if (due < dueAt) {
        schedule(due - now());
      }
    },
    /** The lease was lost with its connection: acquire it again on the next tick. */
    lost() {
      owner = false;
    },
    /** Stops polling, waits for a tick in flight, releases the lease. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
      if (owner) {
        owner = false;
        await leases.release(id).catch(() => undefined);
      }
    },
  };
}

export type PollLoop = ReturnType<typeof createPollLoop>;
