import { sleep } from '../lib/sleep';
import { WAWP_POLL_FLOOR_MS } from '../wawp';

/** Reads upstream; aborts when every caller waiting for this read has gone. */
export type Fetcher<T> = (signal: AbortSignal) => Promise<T>;

export interface ReadGateOptions {
  /** Minimum time between two upstream reads of one key. @default WAWP_POLL_FLOOR_MS // 2 s */
  floorMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

/** One upstream call and the callers waiting for it. */
interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Callers that may still want the answer; `Infinity` once one without a signal joined. */
  waiters: number;
}

interface Entry<T> {
  value?: { data: T; at: number };
  inFlight?: Flight<T>;
  lastStart: number;
  /** When the last upstream call settled: the next one may not be sent before `+ floorMs`. */
  lastSettled: number;
}

/**
 * Single-flight + short cache + floor, per key (e.g. `info:<instanceId>`): concurrent callers share
 * one upstream call, a value younger than `maxAgeMs` is served from memory, and two upstream calls
 * for one key never start less than `floorMs` apart — a caller that needs fresh data inside the
 * floor waits for it to pass.
 *
 * A caller may pass a signal: when it aborts, that caller gets the abort at once, and the shared
 * call itself is aborted (through the signal its fetcher receives) once every caller waiting for
 * it has gone; a call still waiting for the floor is then never sent.
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

  const run = (entry: Entry<T>, fetcher: Fetcher<T>): Flight<T> => {
    const wait = Math.max(0, nextAllowed(entry) - now());
    const controller = new AbortController();
    let sent = false;
    const promise = (async () => {
      if (wait > 0) {
        await sleep(wait, controller.signal);
      }
      sent = true;
      entry.lastStart = now();
      const data = await fetcher(controller.signal);
      entry.value = { data, at: now() };
      return data;
    })();
    const flight: Flight<T> = { promise, controller, waiters: 0 };
    entry.inFlight = flight;
    const clear = () => {
      if (sent) {
        entry.lastSettled = now();
      }
      if (entry.inFlight === flight) {
        entry.inFlight = undefined;
      }
    };
    promise.then(clear, clear);
    return flight;
  };

  /** `flight`'s answer for one caller, who may leave early through `signal`. */
  const join = (entry: Entry<T>, flight: Flight<T>, signal?: AbortSignal): Promise<T> => {
    if (!signal) {
      flight.waiters = Number.POSITIVE_INFINITY;
      return flight.promise;
    }
    if (signal.aborted) {
      return Promise.reject(signal.reason);
    }
    flight.waiters += 1;
    return new Promise<T>((resolve, reject) => {
      const leave = () => {
        flight.waiters -= 1;
        reject(signal.reason);
        if (flight.waiters <= 0) {
          flight.controller.abort(signal.reason);
          // a newcomer must not join a call being cancelled
          if (entry.inFlight === flight) {
            entry.inFlight = undefined;
          }
        }
      };
      signal.addEventListener('abort', leave, { once: true });
      flight.promise.then(
        (data) => {
          signal.removeEventListener('abort', leave);
          resolve(data);
        },
        (error: unknown) => {
          signal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  };

  return {
    /**
     * Returns a value no older than `maxAgeMs` (default: the floor), reading upstream if needed;
     * `signal` lets this caller leave (see {@link createReadGate}).
     */
    read(key: string, fetcher: Fetcher<T>, maxAgeMs = floorMs, signal?: AbortSignal): Promise<T> {
      const entry = entryFor(key);
      if (entry.inFlight) {
        return join(entry, entry.inFlight, signal);
      }
      if (entry.value && now() - entry.value.at < maxAgeMs) {
        return Promise.resolve(entry.value.data);
      }
      return join(entry, run(entry, fetcher), signal);
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
