import type { FaultStore } from './faults';
import { makeRequestId } from './ids';
import { postJson } from './post-json';
import type { Scheduler } from './scheduler';
import type { Instance, SimulatorLogger } from './types';
import { makeSessionStatusEvent, makeWebhookHeaders } from './webhook-envelope';

/** WAHA's default retry policy (see docs/wawp-contract.md section 5), simulated ms. */
export const DELIVERY = {
  attempts: 15,
  retryDelayMs: 2_000,
  timeoutMs: 10_000,
  /** How long a reorder fault holds a lone event before sending it anyway. */
  reorderWindowMs: 2_000,
} as const;

/** @private */
export interface WebhookDispatcherOptions {
  scheduler: Scheduler;
  faults: FaultStore;
  logger: SimulatorLogger;
  /** `metadata.user_id` of every event. */
  userId: string;
  /** Receives every instance's events, in addition to the configured webhooks. */
  extraUrl?: string | undefined;
  hmacKey?: string | undefined;
}

interface Held {
  send: () => Promise<void>;
  cancel: () => void;
}

/** Delivers `session.status` events with WAHA's retries and the webhook faults. */
export function createWebhookDispatcher(options: WebhookDispatcherOptions) {
  const { scheduler, logger } = options;
  const aborter = new AbortController();
  const held = new Map<string, Held>();
  const lanes = new Map<string, Promise<void>>();

  const targetsOf = (instance: Instance) => {
    const urls = instance.webhooks
      .filter((hook) => hook.is_active)
      .filter((hook) => hook.events.includes('session.status') || hook.events.includes('*'))
      .map((hook) => hook.url);
    if (options.extraUrl) {
      urls.push(options.extraUrl);
    }
    return [...new Set(urls)];
  };

  /** One try; true when done with this event (2xx, or the simulator stopped). */
  const tryOnce = async (url: string, body: string, eventId: string, attempt: number) => {
    const headers = makeWebhookHeaders(body, {
      requestId: makeRequestId(),
      timestamp: Date.now(),
      hmacKey: options.hmacKey,
    });
    try {
      const timeoutMs = scheduler.scale(DELIVERY.timeoutMs);
      const status = await postJson(url, body, headers, timeoutMs, aborter.signal);
      if (status >= 200 && status < 300) {
        return true;
      }
      logger.warn({ eventId, url, attempt, status }, 'webhook answered non-2xx');
    } catch (error) {
      if (!scheduler.disposed) {
        logger.warn({ eventId, url, attempt, err: String(error) }, 'webhook delivery failed');
      }
    }
    return scheduler.disposed;
  };

  /**
   * Sends one event to one target with WAHA's retries. The first try waits for the first try of
   * the previous event in the same lane (instance + url), so a receiver sees one session's
   * events in order unless a fault says otherwise; retries never hold later events back.
   */
  const deliver = async (lane: string, url: string, body: string, eventId: string) => {
    const previous = lanes.get(lane);
    const first = (async () => {
      await previous;
      return scheduler.disposed || tryOnce(url, body, eventId, 1);
    })();
    const turn = first.then(() => undefined);
    lanes.set(lane, turn);
    let done = await first;
    if (lanes.get(lane) === turn) {
      lanes.delete(lane);
    }
    for (let attempt = 2; !done && attempt <= DELIVERY.attempts; attempt += 1) {
      await scheduler.sleep(DELIVERY.retryDelayMs);
      done = scheduler.disposed || (await tryOnce(url, body, eventId, attempt));
    }
    if (!done) {
      logger.warn({ eventId, url }, 'webhook gave up after the last attempt');
    }
  };

  return {
    /** Snapshots the instance's current status into an event and sends it to every target. */
    dispatch(instance: Instance) {
      const targets = targetsOf(instance);
      if (targets.length === 0 || scheduler.disposed) {
        return;
      }
      const event = makeSessionStatusEvent(instance, options.userId);
      const faults = options.faults.forWebhook(instance.id);
      if (faults.drop) {
        logger.info({ eventId: event.id, instance_id: instance.id }, 'webhook dropped (fault)');
        return;
      }
      const body = JSON.stringify(event);
      const send = async () => {
        if (faults.delayMs > 0) {
          await scheduler.sleepWall(faults.delayMs);
        }
        await Promise.all(
          targets.map((url) => deliver(`${instance.id} ${url}`, url, body, event.id)),
        );
      };
      const previous = held.get(instance.id);
      if (previous) {
        // reorder fault: the newer event takes its lane first, the held one queues behind it
        held.delete(instance.id);
        previous.cancel();
        void send();
        void previous.send();
      } else if (faults.reorder) {
        const cancel = scheduler.after(DELIVERY.reorderWindowMs, () => {
          held.delete(instance.id);
          void send();
        });
        held.set(instance.id, { send, cancel });
      } else {
        void send();
      }
    },
    /** Aborts in-flight deliveries; the scheduler's disposal ends pending retries. */
    dispose() {
      held.clear();
      lanes.clear();
      aborter.abort();
    },
  };
}
