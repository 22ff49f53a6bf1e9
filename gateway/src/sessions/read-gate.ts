import { WAWP_POLL_FLOOR_MS } from '../wawp';

export interface ReadGateOptions {
  /** Minimum time between two upstream reads of one key. @default WAWP_POLL_FLOOR_MS // 2 s */
  floorMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

interface Entry<T> {
  value?: { data: T; at: number };
  inFlight?: Promise<T>;
  lastStart: number;
  /** When the last upstream call settled: the next one may not be sent before `+ floorMs`. */
  lastSettled: number;
}

/**
 * Single-flight + short cache + floor, per key (e.g. `info:<instanceId>`): concurrent callers share
 * one upstream call, a value younger than `maxAgeMs` is served from memory, and two upstream calls
 * for one key never start less than `floorMs` apart — a caller that needs fresh data inside the
 * floor waits for it to pass.
 */
export function createReadGate<T>(options: ReadGateOptions = {}) {
  const floorMs = options.floorMs ?? WAWP_POLL_FLOOR_MS;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<T>>();

  const entryFor = (key: string) => {
    let entry = entries.get(key);
    if (!entry) {
      entry = { lastStart: Number.NEGATIVE_INFINITY, lastSettled: Number.NEGATIVE_INFINITY };
      entries.set(key, entry);
    }
    return entry;
  };

  // Counted from the later of send and answer: a request delayed on its way (a busy event loop)
  // must not arrive at Wawp less than the floor after the previous one.
  const nextAllowed = (entry: Entry<T>) => Math.max(entry.lastStart, entry.lastSettled) + floorMs;

  const run = (entry: Entry<T>, fetcher: () => Promise<T>): Promise<T> => {
    const wait = Math.max(0, nextAllowed(entry) - now());
    const promise = (async () => {
      if (wait > 0) {
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
      entry.lastStart = now();
      const data = await fetcher();
      entry.value = { data, at: now() };
      return data;
    })();
    entry.inFlight = promise;
    const clear = () => {
      entry.lastSettled = now();
      if (entry.inFlight === promise) {
        entry.inFlight = undefined;
      }
    };
    promise.then(clear, clear);
    return promise;
  };

  return {
    /** Returns a value no older than `maxAgeMs` (default: the floor), reading upstream if needed. */
    read(key: string, fetcher: () => Promise<T>, maxAgeMs = floorMs): Promise<T> {
      const entry = entryFor(key);
      if (entry.inFlight) {
        return entry.inFlight;
      }
      if (entry.value && now() - entry.value.at < maxAgeMs) {
        return Promise.resolve(entry.value.data);
      }
      return run(entry, fetcher);
    },
    /** The cached value and its age, without reading upstream. */
    peek(key: string): { data: T; ageMs: number } | null {
      const value = entries.get(key)?.value;
      return value ? { data: value.data, ageMs: now() - value.at } : null;
    },
    /** Records knowledge learned elsewhere (a webhook, an action's response) as fresh. */
    put(key: string, data: T): void {
      entryFor(key).value = { data, at: now() };
    },
    /** Milliseconds until the next upstream read of `key` may start. */
    waitMs(key: string): number {
      const entry = entries.get(key);
      return entry ? Math.max(0, nextAllowed(entry) - now()) : 0;
    },
    /** Forgets the cached value (the next read goes upstream, still respecting the floor). */
    invalidate(key: string): void {
      const entry = entries.get(key);
      if (entry) {
        entry.value = undefined;
      }
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}

export type ReadGate<T> = ReturnType<typeof createReadGate<T>>;
