import type { FaultStore } from './faults';
import { makeRequestId } from './ids';
import { postJson } from './post-json';
import { redactUrl } from './redact-url';
import type { Scheduler } from './scheduler';
import type { Instance, SimulatorLogger } from './types';
import { makeSessionStatusEvent, makeWebhookHeaders } from './webhook-envelope';
import { DEFAULT_RETRIES } from './webhook-view';

/**
 * The default retry policy (Wawp's `retries` default, WAHA's constant 2 s x 15; see
 * docs/wawp-contract.md section 5), simulated ms. A webhook's own `retries` overrides it.
 */
export const DELIVERY = {
  attempts: DEFAULT_RETRIES.attempts,
  retryDelayMs: DEFAULT_RETRIES.delay * 1_000,
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

/** One receiver of an event and how it wants to be delivered to. */
interface Target {
  url: string;
  attempts: number;
  retryDelayMs: number;
  /** The webhook's `hmac`, sent as `X-Wawp-Signature`. */
  signature: string | undefined;
}

interface Held {
  send: () => Promise<void>;
  cancel: () => void;
}

/** Delivers `session.status` events with each webhook's retries and signature, and the webhook faults. */
export function createWebhookDispatcher(options: WebhookDispatcherOptions) {
  const { scheduler, logger } = options;
  const aborter = new AbortController();
  const held = new Map<string, Held>();
  const lanes = new Map<string, Promise<void>>();

  const targetsOf = (instance: Instance): Target[] => {
    const targets = new Map<string, Target>();
    for (const hook of instance.webhooks) {
      const subscribed = hook.events.includes('session.status') || hook.events.includes('*');
      if (hook.is_active && subscribed && !targets.has(hook.url)) {
        const retries = hook.retries ?? DEFAULT_RETRIES;
        targets.set(hook.url, {
          url: hook.url,
          attempts: retries.attempts,
          retryDelayMs: retries.delay * 1_000,
          signature: hook.hmac,
        });
      }
    }
    if (options.extraUrl && !targets.has(options.extraUrl)) {
      const { attempts, retryDelayMs } = DELIVERY;
      targets.set(options.extraUrl, {
        url: options.extraUrl,
        attempts,
        retryDelayMs,
        signature: undefined,
      });
    }
    return [...targets.values()];
  };

  /** One try; true when done with this event (2xx, or the simulator stopped). */
  const tryOnce = async (target: Target, body: string, eventId: string, attempt: number) => {
    const headers = makeWebhookHeaders(body, {
      requestId: makeRequestId(),
      timestamp: Date.now(),
      hmacKey: options.hmacKey,
      signature: target.signature,
    });
    const url = redactUrl(target.url);
    try {
      const timeoutMs = scheduler.scale(DELIVERY.timeoutMs);
      const status = await postJson(target.url, body, headers, timeoutMs, aborter.signal);
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
   * Sends one event to one target with the target's retries. The first try waits for the first
   * try of the previous event in the same lane (instance + url), so a receiver sees one session's
   * events in order unless a fault says otherwise; retries never hold later events back.
   */
  const deliver = async (lane: string, target: Target, body: string, eventId: string) => {
    const previous = lanes.get(lane);
    const first = (async () => {
      await previous;
      return scheduler.disposed || tryOnce(target, body, eventId, 1);
    })();
    const turn = first.then(() => undefined);
    lanes.set(lane, turn);
    let done = await first;
    if (lanes.get(lane) === turn) {
      lanes.delete(lane);
    }
    for (let attempt = 2; !done && attempt <= target.attempts; attempt += 1) {
      await scheduler.sleep(target.retryDelayMs);
      done = scheduler.disposed || (await tryOnce(target, body, eventId, attempt));
    }
    if (!done) {
      logger.warn(
        { eventId, url: redactUrl(target.url) },
        'webhook gave up after the last attempt',
      );
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
          targets.map((target) => deliver(`${instance.id} ${target.url}`, target, body, event.id)),
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
