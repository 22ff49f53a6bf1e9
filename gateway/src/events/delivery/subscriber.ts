import type { SessionEvent } from '@wawp-gateway/schema';
import { seqOf } from '../../store';

/** Options of {@link createSubscriber}. */
export interface SubscriberOptions {
  /** Live events held undelivered before the subscriber counts as too slow. */
  capacity: number;
  /**
   * The cursor the consumer resumes after, if any: what `lastDelivered` reports until an event
   * has been handed over, so a stream ended before its first event is resumed from there again.
   */
  resumeAfter?: string | null;
  /**
   * Called when the subscriber fell too far behind: with it, the stream just ends (the transport
   * closes the connection with a retryable code); without it, the stream ends with the error
   * `overflowError` makes of the last delivered cursor.
   */
  onOverflow?: () => void;
  overflowError(lastDelivered: string | null): unknown;
  /** Called once when the stream ends for any reason (unregister, unwatch). */
  onClose(): void;
  signal?: AbortSignal;
}

/**
 * One subscriber's ordered, bounded stream. Live events are offered from the moment it registers;
 * they are held until `begin` hands over the prelude (snapshot, or the rest of a replay) and the
 * seq it covers, then delivered with nothing at or below that seq, so there is no gap and no
 * duplicate. A replay is fed before `begin` with `replay`, a page at a time as `whenRoom` allows.
 */
export function createSubscriber(options: SubscriberOptions) {
  let lastSeq = 0;
  let lastDelivered: string | null = options.resumeAfter ?? null;
  let started = false;
  let closed = false;
  let failure: { error: unknown } | null = null;
  let limit = options.capacity;
  const held: SessionEvent[] = [];
  const queue: SessionEvent[] = [];
  let waiting: {
    resolve: (r: IteratorResult<SessionEvent>) => void;
    reject: (e: unknown) => void;
  } | null = null;
  let roomFor: { count: number; resolve: (room: boolean) => void } | null = null;

  const ended = () => closed || failure !== null;

  /** Answers a pending `whenRoom` once the queue can take its events, or nothing more will do. */
  const settleRoom = () => {
    if (!roomFor) {
      return;
    }
    const room = !ended();
    if (room && queue.length + roomFor.count > options.capacity) {
      return;
    }
    const { resolve } = roomFor;
    roomFor = null;
    resolve(room);
  };

  const close = () => {
    if (closed) {
      return;
    }
    closed = true;
    queue.length = 0;
    held.length = 0;
    options.signal?.removeEventListener('abort', close);
    options.onClose();
    waiting?.resolve({ done: true, value: undefined });
    waiting = null;
    settleRoom();
  };

  const overflow = () => {
    if (options.onOverflow) {
      options.onOverflow();
      close();
    } else {
      end(options.overflowError(lastDelivered));
    }
  };

  /** Ends with `error` now: what is queued is dropped, the consumer gets the error next. */
  const end = (error: unknown) => {
    queue.length = 0;
    held.length = 0;
    fail(error);
  };

  const deliver = (event: SessionEvent) => {
    if (waiting) {
      const { resolve } = waiting;
      waiting = null;
      lastDelivered = event.cursor;
      resolve({ done: false, value: event });
    } else if (queue.push(event) > limit) {
      overflow();
    }
  };

  const offer = (event: SessionEvent): void => {
    // once ending, nothing more is delivered: the error is the last thing the consumer gets
    if (ended() || seqOf(event) <= lastSeq) {
      return;
    }
    if (!started) {
      if (held.push(event) > options.capacity) {
        overflow();
      }
      return;
    }
    lastSeq = seqOf(event);
    deliver(event);
  };

  function fail(error: unknown): void {
    if (ended()) {
      return;
    }
    if (waiting) {
      const { reject } = waiting;
      waiting = null;
      close();
      reject(error);
      return;
    }
    failure = { error };
    settleRoom();
  }

  options.signal?.addEventListener('abort', close, { once: true });
  if (options.signal?.aborted) {
    close();
  }

  const iterator: AsyncIterableIterator<SessionEvent> = {
    next() {
      const event = queue.shift();
      if (event) {
        // the prelude's allowance shrinks as it is consumed: live events get `capacity` again
        limit = Math.max(options.capacity, limit - 1);
        lastDelivered = event.cursor;
        settleRoom();
        return Promise.resolve({ done: false, value: event });
      }
      if (failure) {
        const { error } = failure;
        failure = null;
        close();
        return Promise.reject(error);
      }
      if (closed) {
        return Promise.resolve({ done: true, value: undefined });
      }
      return new Promise((resolve, reject) => {
        waiting = { resolve, reject };
      });
    },
    return() {
      close();
      return Promise.resolve({ done: true, value: undefined });
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };

  return {
    iterator,
    /** How many events the queue holds (live ones held before `begin` not counted). */
    get queued() {
      return queue.length;
    },
    /** The most events the queue takes from a replay, and the live events held before `begin`. */
    capacity: options.capacity,
    get closed() {
      return closed;
    },
    /** True once nothing more will be delivered: closed, or ending with an error. */
    get ended() {
      return ended();
    },
    /**
     * The cursor of the last event handed to the consumer; before the first, `resumeAfter`
     * (`null` without one).
     */
    get lastDelivered() {
      return lastDelivered;
    },
    /** A live event from the reader; ignored when already covered. */
    offer,
    /**
     * Queues one replayed event, before `begin`, in seq order and at or below the seq `begin`
     * will cover; the caller waits for `whenRoom` first, so the queue stays within `capacity`.
     */
    replay(event: SessionEvent): void {
      if (!started && !ended()) {
        deliver(event);
      }
    },
    /**
     * Resolves `true` once the queue can take `count` more events (at most `capacity`), `false`
     * once the stream has ended. One caller at a time.
     */
    whenRoom(count: number): Promise<boolean> {
      roomFor?.resolve(false);
      const room = new Promise<boolean>((resolve) => {
        roomFor = { count: Math.min(count, options.capacity), resolve };
      });
      settleRoom();
      return room;
    },
    /** Delivers the prelude, then the held live events after `coveredSeq`. */
    begin(prelude: SessionEvent[], coveredSeq: number): void {
      if (closed) {
        return;
      }
      started = true;
      lastSeq = Math.max(lastSeq, coveredSeq);
      // replayed events still queued count as prelude: the live ones held get `capacity` of their own
      limit = options.capacity + queue.length + prelude.length;
      for (const event of prelude) {
        deliver(event);
      }
      for (const event of held.splice(0)) {
        offer(event);
      }
    },
    /** Ends the stream with `error` once the queued events are consumed. */
    fail,
    /** Ends the stream with `error` at once, dropping what is queued. */
    end,
    close,
  };
}

export type Subscriber = ReturnType<typeof createSubscriber>;
