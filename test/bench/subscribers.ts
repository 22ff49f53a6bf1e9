import type { Worker } from 'node:worker_threads';
import { LIMITS } from '../../gateway/src/http/limits';
import type { HeldMessage, SubscribedMessage, SubscribePlan } from './subscribe-protocol';
import { nextMessage, startTsWorker } from './worker';

/** Subscriptions held by a worker thread until `release`. */
export interface HeldSubscribers {
  subscribeMs: number;
  /** Closes every socket; resolves with what arrived meanwhile. Terminates the worker. */
  release(): Promise<HeldMessage>;
}

/**
 * Opens `subscribers` `sessionEvents` subscriptions, round-robin over `instanceIds`, on a worker
 * thread, and resolves once each has its snapshot. On failure the worker is gone.
 */
export async function holdSubscribers(
  plan: Omit<SubscribePlan, 'perSocket' | 'subscribeTimeoutMs'> &
    Partial<Pick<SubscribePlan, 'perSocket' | 'subscribeTimeoutMs'>>,
): Promise<HeldSubscribers> {
  const full: SubscribePlan = {
    perSocket: LIMITS.subscriptionsPerSocket,
    subscribeTimeoutMs: 60_000,
    ...plan,
  };
  const worker: Worker = startTsWorker(new URL('./subscribe-worker.ts', import.meta.url), full);
  try {
    const ready = await nextMessage<SubscribedMessage>(worker, full.subscribeTimeoutMs + 10_000);
    return {
      subscribeMs: ready.subscribeMs,
      async release() {
        try {
          const held = nextMessage<HeldMessage>(worker, 10_000);
          worker.postMessage('stop');
          return await held;
        } finally {
          await worker.terminate();
        }
      },
    };
  } catch (error) {
    await worker.terminate();
    throw error;
  }
}
