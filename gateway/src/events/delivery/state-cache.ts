import type { SessionEvent } from '@wawp-gateway/schema';
import { type EventLog, type StateStore, seqOf } from '../../store';
import { applyEvent, type MaterialisedState } from './apply-event';

/** Options of {@link createStateCache}. */
export interface StateCacheOptions {
  events: Pick<EventLog, 'readAfter' | 'latestSeq'>;
  states: Pick<StateStore, 'get'>;
  /**
   * One read for an instance nothing is known of; its observation is ingested meanwhile.
   * `false` when another replica is reading it instead: its answer reaches the store shortly.
   */
  read(instanceId: string): Promise<boolean>;
  /** Resolves when this replica's pending writes for the instance are done. */
  idle(instanceId: string): Promise<void>;
  reader: { readonly lastSeq: number; caughtUp(seq: number): Promise<void> };
}

/**
 * How long a cold load waits for an event of an instance another replica is reading (its answer
 * is stored before its events go out): longer than the 2 s floor, after which this replica may
 * read the instance itself.
 */
const ELSEWHERE_WAIT_MS = 2_500;
/** Reads of a cold instance before giving up (each may find it being read elsewhere). */
const MAX_COLD_READS = 3;

/**
 * Per-instance state as of the reader's position: what snapshots show. Warm instances follow
 * every dispatched event; a cold one is loaded from the stored state and brought to the
 * reader's position with the log's suffix.
 */
export function createStateCache(options: StateCacheOptions) {
  const cache = new Map<string, MaterialisedState>();
  const warming = new Map<string, SessionEvent[]>();
  const loading = new Map<string, Promise<void>>();
  /** Cold loads waiting for the first event of their instance. */
  const eventWaiters = new Map<string, () => void>();

  /** Resolves at the next event of `instanceId` dispatched here, or after `ms`. */
  const nextEventOr = (instanceId: string, ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        eventWaiters.delete(instanceId);
        resolve();
      }
      eventWaiters.set(instanceId, done);
    });

  const read = async (instanceId: string) => {
    const base = await options.events.latestSeq();
    const stored = await options.states.get(instanceId);
    return { base, stored };
  };

  const load = async (instanceId: string) => {
    // Catch what is dispatched while loading; refolding an event the stored state has is harmless.
    warming.set(instanceId, []);
    try {
      await options.idle(instanceId);
      let { base, stored } = await read(instanceId);
      for (let reads = 1; !stored && reads <= MAX_COLD_READS; reads++) {
        const readHere = await options.read(instanceId);
        await options.idle(instanceId);
        ({ base, stored } = await read(instanceId));
        if (!stored && !readHere) {
          // read elsewhere: wait for its first event rather than asking Wawp or the store again
          await nextEventOr(instanceId, ELSEWHERE_WAIT_MS);
          ({ base, stored } = await read(instanceId));
        }
      }
      if (!stored) {
        throw new Error(`events: no state could be read for ${instanceId}`);
      }
      // The state is written before its events, so everything after `base` may be missing from
      // it: replay that suffix on top, up to what local subscribers have been sent.
      await options.reader.caughtUp(base);
      const tail = await options.events.readAfter({
        afterSeq: base,
        instanceIds: [instanceId],
        limit: 10_000,
      });
      const bySeq = new Map<number, SessionEvent>();
      for (const event of [...tail, ...(warming.get(instanceId) ?? [])]) {
        bySeq.set(seqOf(event), event);
      }
      let state: MaterialisedState = { session: stored.session, qrCode: stored.qrCode };
      for (const seq of [...bySeq.keys()].sort((a, b) => a - b)) {
        const event = bySeq.get(seq);
        if (event && seq <= options.reader.lastSeq) {
          state = applyEvent(state, event);
        }
      }
      cache.set(instanceId, state);
    } finally {
      warming.delete(instanceId);
    }
  };

  return {
    /** Follows a dispatched event (called by the hub's reader, in seq order). */
    apply(event: SessionEvent): void {
      const state = cache.get(event.instanceId);
      if (state) {
        cache.set(event.instanceId, applyEvent(state, event));
      } else {
        warming.get(event.instanceId)?.push(event);
        eventWaiters.get(event.instanceId)?.();
      }
    },
    /** Makes sure `instanceId` is warm; rejects when nothing could be read for it. */
    warm(instanceId: string): Promise<void> {
      if (cache.has(instanceId)) {
        return Promise.resolve();
      }
      let pending = loading.get(instanceId);
      if (!pending) {
        pending = load(instanceId).finally(() => loading.delete(instanceId));
        loading.set(instanceId, pending);
      }
      return pending;
    },
    /**
     * Drops the instances `keep` rejects (they go cold): on the Redis bus an instance nobody
     * here follows gets no more events, so its state would go stale.
     */
    retain(keep: (instanceId: string) => boolean): void {
      for (const instanceId of cache.keys()) {
        if (!keep(instanceId)) {
          cache.delete(instanceId);
        }
      }
    },
    /** The state as of the reader's position, or `null` while cold. */
    peek(instanceId: string): MaterialisedState | null {
      return cache.get(instanceId) ?? null;
    },
  };
}

export type StateCache = ReturnType<typeof createStateCache>;
