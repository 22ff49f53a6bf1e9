import type { SessionStatus } from '@wawp-gateway/schema';
import type { Leases, LeaseTiming } from '../../store';
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
  /** Without `holds`, the lease is asked for (`tryAcquire`) at every tick instead. */
  leases: Pick<Leases, 'tryAcquire' | 'release'> & Partial<Pick<Leases, 'holds'>>;
  /** The expiry of the lease, and how long before it the loop stops counting on it. */
  leaseTiming: LeaseTiming;
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
 * the adaptive interval, keep the QR current, run the watchdog, back off on failures. The lease
 * is checked again right before each read: a lost or lapsed lease means no read.
 */
export function createPollLoop(options: PollLoopOptions) {
  const {
    instanceId: id,
    sessions,
    leases,
    leaseTiming,
    hub,
    limiter,
    baseMs,
    logger,
    now,
  } = options;
  const watchdog = createWatchdog({ ...options, ms: options.watchdogStartingMs });
  const qr = createQrRefresher(options);
  let owner = false;
  let stopped = false;
  let backoffMs = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let dueAt = 0;
  let lastPollAt = Number.NEGATIVE_INFINITY;
  let running: Promise<void> | null = null;
  /** Aborts the read in flight (and the retries it would make) when the lease goes. */
  let reading: AbortController | null = null;

  const stillHeld = () => leases.holds?.(id) ?? owner;

  const tick = async () => {
    await options.previous;
    let delay = baseMs;
    try {
      if (!owner || !stillHeld()) {
        owner = await leases.tryAcquire(id, leaseTiming);
      }
      if (stopped || !owner) {
        return;
      }
      const read = await limiter.run(() => {
        // waiting for the limiter may have outlasted the lease
        if (stopped || !stillHeld()) {
          return Promise.resolve(null);
        }
        lastPollAt = now();
        reading = new AbortController();
        // Reported as soon as it arrives: a snapshot that shared this read waits for the
        // observation to be ingested, and must not find it still on its way.
        return sessions.readSession(id, 1_000, { signal: reading.signal }).then((answer) => {
          if (answer.fresh) {
            void hub.observe(fromRead(answer.state), 'POLL');
          }
          return answer;
        });
      });
      reading = null;
      if (!read) {
        owner = false;
        return;
      }
      const { state } = read;
      backoffMs = 0;
      await watchdog.check(state);
      const qrCode = state.status === 'SCAN_QR_CODE' ? await limiter.run(qr.refresh) : null;
      const lastWebhookAt = options.lastWebhookAt(id);
      const next = toPollDelay({ status: state.status, baseMs, lastWebhookAt, qrCode, now: now() });
      delay = jitter(next, options.random);
    } catch (error) {
      if (reading?.signal.aborted) {
        reading = null;
        return; // the lease went while reading: not a failure
      }
      reading = null;
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
    /** The lease was lost: no more reads until it is acquired again, tried within one interval. */
    lost() {
      owner = false;
      reading?.abort();
      if (!stopped && !running && dueAt > now() + baseMs) {
        schedule(baseMs);
      }
    },
    /** Stops polling, waits for a tick in flight, releases the lease. */
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(timer);
      await running;
      owner = false;
      // also when not the owner: the store stops counting this replica as wanting the lease
      await leases.release(id).catch(() => undefined);
    },
  };
}

export type PollLoop = ReturnType<typeof createPollLoop>;
