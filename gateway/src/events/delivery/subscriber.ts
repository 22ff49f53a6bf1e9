import type { SessionEvent } from '@wawp-gateway/schema';
import { seqOf } from '../../store';

/** Options of {@link createSubscriber}. */
export interface SubscriberOptions {
  /** Live events held undelivered before the subscriber counts as too slow. */
  capacity: number;
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
 * they are held until `begin` hands over the prelude (snapshot or replay) and the seq it covers,
 * then delivered with nothing at or below that seq, so there is no gap and no duplicate.
 */
export function createSubscriber(options: SubscriberOptions) {
  let lastSeq = 0;
  let lastDelivered: string | null = null;
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
    if (closed || failure || seqOf(event) <= lastSeq) {
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
    if (closed || failure) {
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
    get closed() {
      return closed;
    },
    /** The cursor of the last event handed to the consumer, `null` before the first. */
    get lastDelivered() {
      return lastDelivered;
    },
    /** A live event from the reader; ignored when already covered. */
    offer,
    /** Delivers the prelude, then the held live events after `coveredSeq`. */
    begin(prelude: SessionEvent[], coveredSeq: number): void {
      if (closed) {
        return;
      }
      started = true;
      lastSeq = Math.max(lastSeq, coveredSeq);
      limit = options.capacity + prelude.length;
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
