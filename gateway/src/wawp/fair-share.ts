/** Options of {@link createFairShare}. */
export interface FairShareOptions {
  /** Calls in flight at once, across every share. */
  concurrency: number;
  /** Calls one share may have in flight at once. @default half of `concurrency` (at least 1) */
  perShare?: number;
  /** Calls one share may have waiting; past it, `run` rejects with {@link FairShareFullError}. */
  queuePerShare: number;
}

/** `run` refused a call: its share already has `queuePerShare` calls waiting. */
export class FairShareFullError extends Error {
  constructor(readonly share: string) {
    super(`share ${share} has too many calls waiting`);
    this.name = 'FairShareFullError';
  }
}

/** `run` gave up a waiting call because its signal aborted; the call never started. */
export class FairShareAbortedError extends Error {
  constructor() {
    super('aborted while waiting for a slot');
    this.name = 'FairShareAbortedError';
  }
}

interface Waiter {
  start(): void;
}

interface Share {
  running: number;
  waiting: Waiter[];
}

/**
 * A concurrency limit shared fairly between keys (tenants): at most `concurrency` calls run, at
 * most `perShare` of them for one key, and a freed slot goes to the waiting key with the fewest
 * calls running (the longest in line on a tie), so a key flooding its own queue delays only itself. A waiting call whose signal
 * aborts leaves the queue at once and never starts.
 *
 * Hand-written because the bulkhead of cockatiel (used for the breaker) has one queue for all
 * callers and keeps an aborted waiter queued until a slot frees.
 */
export function createFairShare(options: FairShareOptions) {
  const perShare = options.perShare ?? Math.max(1, Math.floor(options.concurrency / 2));
  const shares = new Map<string, Share>();
  /** Keys with waiters, in the order they get the next free slot. */
  const turn: string[] = [];
  let running = 0;

  const shareOf = (key: string) => {
    let share = shares.get(key);
    if (!share) {
      share = { running: 0, waiting: [] };
      shares.set(key, share);
    }
    return share;
  };
  const forgetIfIdle = (key: string, share: Share) => {
    if (share.running === 0 && share.waiting.length === 0) {
      shares.delete(key);
    }
  };

  /** The waiting key to serve next: the fewest calls running, then the longest in line. */
  const nextKey = (): string | null => {
    let best: string | null = null;
    let fewest = perShare;
    for (let i = 0; i < turn.length; ) {
      const key = turn[i] as string;
      const share = shares.get(key);
      if (!share || share.waiting.length === 0) {
        turn.splice(i, 1);
        continue;
      }
      if (share.running < fewest) {
        best = key;
        fewest = share.running;
      }
      i++;
    }
    return best;
  };

  const pump = () => {
    while (running < options.concurrency) {
      const key = nextKey();
      if (key === null) {
        return;
      }
      const share = shares.get(key) as Share;
      const waiter = share.waiting.shift() as Waiter;
      // served: to the back of the line, so the other keys go first on a tie
      turn.splice(turn.indexOf(key), 1);
      if (share.waiting.length > 0) {
        turn.push(key);
      }
      waiter.start();
    }
  };

  const execute = async <T>(key: string, share: Share, fn: () => Promise<T>): Promise<T> => {
    share.running += 1;
    running += 1;
    try {
      return await fn();
    } finally {
      share.running -= 1;
      running -= 1;
      forgetIfIdle(key, share);
      pump();
    }
  };

  return {
    /** Runs `fn` once `key` may use a slot; see {@link createFairShare}. */
    run<T>(key: string, fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
      if (signal?.aborted) {
        return Promise.reject(new FairShareAbortedError());
      }
      const share = shareOf(key);
      if (share.waiting.length === 0 && share.running < perShare && running < options.concurrency) {
        return execute(key, share, fn);
      }
      if (share.waiting.length >= options.queuePerShare) {
        forgetIfIdle(key, share);
        return Promise.reject(new FairShareFullError(key));
      }
      return new Promise<T>((resolve, reject) => {
        const onAbort = () => {
          const at = share.waiting.indexOf(waiter);
          if (at >= 0) {
            share.waiting.splice(at, 1);
            forgetIfIdle(key, share);
            reject(new FairShareAbortedError());
          }
        };
        const waiter: Waiter = {
          start: () => {
            signal?.removeEventListener('abort', onAbort);
            execute(key, share, fn).then(resolve, reject);
          },
        };
        share.waiting.push(waiter);
        if (!turn.includes(key)) {
          turn.push(key);
        }
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
    /** Calls running now, across every key. */
    get running(): number {
      return running;
    },
    /** Calls running now for `key`. */
    runningOf(key: string): number {
      return shares.get(key)?.running ?? 0;
    },
    /** Calls waiting now, across every key. */
    get waiting(): number {
      let total = 0;
      for (const share of shares.values()) {
        total += share.waiting.length;
      }
      return total;
    },
  };
}

export type FairShare = ReturnType<typeof createFairShare>;
