/** @private A FIFO async lock. */
export interface Mutex {
  /** Resolves when the caller holds the lock, with the function that gives it back (idempotent). */
  acquire(): Promise<() => void>;
  /** Runs `fn` while holding the lock. */
  run<T>(fn: () => Promise<T>): Promise<T>;
}

/** @private */
export function createMutex(): Mutex {
  let tail: Promise<void> = Promise.resolve();
  const acquire = async (): Promise<() => void> => {
    const { promise, resolve } = withResolvers();
    const previous = tail;
    tail = previous.then(() => promise);
    await previous;
    let released = false;
    return () => {
      if (!released) {
        released = true;
        resolve();
      }
    };
  };
  return {
    acquire,
    async run(fn) {
      const release = await acquire();
      try {
        return await fn();
      } finally {
        release();
      }
    },
  };
}

// Promise.withResolvers needs Node 22; the workspace supports Node 20.
function withResolvers(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}
