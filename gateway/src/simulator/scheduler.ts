/**
 * Lifecycle timers divided by the simulator's time scale, all tracked so `dispose()` can
 * clear every one of them (and release anyone sleeping) when the simulator stops.
 */
export interface Scheduler {
  /** Runs `fn` after `ms` simulated milliseconds; returns a cancel function. */
  after(ms: number, fn: () => void): () => void;
  /** Resolves after `ms` simulated milliseconds, or at once when disposed. */
  sleep(ms: number): Promise<void>;
  /** Like `sleep`, but `ms` is wall-clock time (fault latencies are not scaled). */
  sleepWall(ms: number): Promise<void>;
  /** Converts simulated milliseconds to wall-clock milliseconds. */
  scale(ms: number): number;
  readonly disposed: boolean;
  dispose(): void;
}

export function createScheduler(timeScale: number): Scheduler {
  const pending = new Map<NodeJS.Timeout, () => void>();
  let disposed = false;

  const scale = (ms: number) => ms / timeScale;
  const schedule = (wallMs: number, fn: () => void, onDispose: () => void) => {
    if (disposed) {
      onDispose();
      return () => {};
    }
    const handle = setTimeout(() => {
      pending.delete(handle);
      fn();
    }, wallMs);
    pending.set(handle, onDispose);
    return () => {
      clearTimeout(handle);
      pending.delete(handle);
    };
  };

  return {
    after: (ms, fn) => schedule(scale(ms), fn, () => {}),
    sleep: (ms) => new Promise((resolve) => schedule(scale(ms), resolve, resolve)),
    sleepWall: (ms) => new Promise((resolve) => schedule(ms, resolve, resolve)),
    scale,
    get disposed() {
      return disposed;
    },
    dispose() {
      disposed = true;
      for (const [handle, onDispose] of pending) {
        clearTimeout(handle);
        onDispose();
      }
      pending.clear();
    },
  };
}
