interface Waiter<R> {
  resolve: (value: R) => void;
  reject: (error: unknown) => void;
}

interface Slot<T, R> {
  pending: { item: T; waiters: Waiter<R>[] } | null;
  idle: Promise<void>;
}

/** Options of {@link createKeyedQueue}. */
export interface KeyedQueueOptions<T, R> {
  /** Processes one item; items of one key never run concurrently. */
  run(key: string, item: T): Promise<R>;
  /**
   * Folds an item that arrives while another of the same key waits into the waiting one, so a
   * burst is processed once with what it adds up to. Both callers get the merged result.
   */
  merge(waiting: T, arriving: T): T;
}

/**
 * A serial queue per key whose waiting items coalesce: at most one item runs and one waits per
 * key, whatever the arrival rate.
 */
export function createKeyedQueue<T, R>(options: KeyedQueueOptions<T, R>) {
  const slots = new Map<string, Slot<T, R>>();

  const drain = async (key: string, slot: Slot<T, R>) => {
    while (slot.pending) {
      const batch = slot.pending;
      slot.pending = null;
      try {
        const result = await options.run(key, batch.item);
        for (const waiter of batch.waiters) {
          waiter.resolve(result);
        }
      } catch (error) {
        for (const waiter of batch.waiters) {
          waiter.reject(error);
        }
      }
    }
    slots.delete(key);
  };

  return {
    /** Queues `item`; resolves with the result of the run that included it. */
    push(key: string, item: T): Promise<R> {
      return new Promise<R>((resolve, reject) => {
        const slot = slots.get(key);
        if (slot?.pending) {
          slot.pending.item = options.merge(slot.pending.item, item);
          slot.pending.waiters.push({ resolve, reject });
          return;
        }
        if (slot) {
          slot.pending = { item, waiters: [{ resolve, reject }] };
          return;
        }
        const fresh: Slot<T, R> = {
          pending: { item, waiters: [{ resolve, reject }] },
          idle: Promise.resolve(),
        };
        slots.set(key, fresh);
        fresh.idle = drain(key, fresh);
      });
    },
    /** Resolves when nothing of `key` is queued or running. */
    idle(key: string): Promise<void> {
      return slots.get(key)?.idle ?? Promise.resolve();
    },
    /** Resolves when every key is idle. */
    async drained(): Promise<void> {
      while (slots.size > 0) {
        await Promise.all([...slots.values()].map((slot) => slot.idle));
      }
    },
  };
}
