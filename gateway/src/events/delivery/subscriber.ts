import { ITERATION_DONE, type SessionEvent } from '@wawp-gateway/schema';
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
 *
 * A class with its state in fields, not a closure per helper: one exists per subscription, and
 * each closure the TypeScript loader names (tsx keeps function names) cost about 300 bytes.
 * It is its own iterator (`iterator` is the object itself) and its own abort listener.
 */
export class Subscriber implements AsyncIterableIterator<SessionEvent> {
  /** The most events the queue takes from a replay, and the live events held before `begin`. */
  readonly capacity: number;
  private readonly options: SubscriberOptions;
  private lastSeq = 0;
  private delivered: string | null;
  private started = false;
  private isClosed = false;
  private failure: { error: unknown } | null = null;
  private limit: number;
  private readonly held: SessionEvent[] = [];
  private readonly queue: SessionEvent[] = [];
  private waiting: {
    resolve: (r: IteratorResult<SessionEvent>) => void;
    reject: (e: unknown) => void;
  } | null = null;
  private roomFor: { count: number; resolve: (room: boolean) => void } | null = null;

  constructor(options: SubscriberOptions) {
    this.options = options;
    this.capacity = options.capacity;
    this.limit = options.capacity;
    this.delivered = options.resumeAfter ?? null;
    options.signal?.addEventListener('abort', this, { once: true });
    if (options.signal?.aborted) {
      this.close();
    }
  }

  /** The consumer's side: this object. */
  get iterator(): AsyncIterableIterator<SessionEvent> {
    return this;
  }
  /** How many events the queue holds (live ones held before `begin` not counted). */
  get queued(): number {
    return this.queue.length;
  }
  get closed(): boolean {
    return this.isClosed;
  }
  /** True once nothing more will be delivered: closed, or ending with an error. */
  get ended(): boolean {
    return this.isClosed || this.failure !== null;
  }
  /**
   * The cursor of the last event handed to the consumer; before the first, `resumeAfter`
   * (`null` without one).
   */
  get lastDelivered(): string | null {
    return this.delivered;
  }

  /** The abort of `options.signal`. */
  handleEvent(): void {
    this.close();
  }

  next(): Promise<IteratorResult<SessionEvent>> {
    const event = this.queue.shift();
    if (event) {
      // the prelude's allowance shrinks as it is consumed: live events get `capacity` again
      this.limit = Math.max(this.capacity, this.limit - 1);
      this.delivered = event.cursor;
      this.settleRoom();
      return Promise.resolve({ done: false, value: event });
    }
    if (this.failure) {
      const { error } = this.failure;
      this.failure = null;
      this.close();
      return Promise.reject(error);
    }
    if (this.isClosed) {
      return Promise.resolve(ITERATION_DONE);
    }
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }
  return(): Promise<IteratorResult<SessionEvent>> {
    this.close();
    return Promise.resolve(ITERATION_DONE);
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<SessionEvent> {
    return this;
  }

  /** A live event from the reader; ignored when already covered. */
  offer(event: SessionEvent): void {
    // once ending, nothing more is delivered: the error is the last thing the consumer gets
    if (this.ended || seqOf(event) <= this.lastSeq) {
      return;
    }
    if (!this.started) {
      if (this.held.push(event) > this.capacity) {
        this.overflow();
      }
      return;
    }
    this.lastSeq = seqOf(event);
    this.deliver(event);
  }
  /**
   * Queues one replayed event, before `begin`, in seq order and at or below the seq `begin`
   * will cover; the caller waits for `whenRoom` first, so the queue stays within `capacity`.
   */
  replay(event: SessionEvent): void {
    if (!this.started && !this.ended) {
      this.deliver(event);
    }
  }
  /**
   * Resolves `true` once the queue can take `count` more events (at most `capacity`), `false`
   * once the stream has ended. One caller at a time.
   */
  whenRoom(count: number): Promise<boolean> {
    this.roomFor?.resolve(false);
    const room = new Promise<boolean>((resolve) => {
      this.roomFor = { count: Math.min(count, this.capacity), resolve };
    });
    this.settleRoom();
    return room;
  }
  /** Delivers the prelude, then the held live events after `coveredSeq`. */
  begin(prelude: SessionEvent[], coveredSeq: number): void {
    if (this.isClosed) {
      return;
    }
    this.started = true;
    this.lastSeq = Math.max(this.lastSeq, coveredSeq);
    // replayed events still queued count as prelude: the live ones held get `capacity` of their own
    this.limit = this.capacity + this.queue.length + prelude.length;
    for (const event of prelude) {
      this.deliver(event);
    }
    for (const event of this.held.splice(0)) {
      this.offer(event);
    }
  }
  /** Ends the stream with `error` once the queued events are consumed. */
  fail(error: unknown): void {
    if (this.ended) {
      return;
    }
    if (this.waiting) {
      const { reject } = this.waiting;
      this.waiting = null;
      this.close();
      reject(error);
      return;
    }
    this.failure = { error };
    this.settleRoom();
  }
  /** Ends the stream with `error` at once, dropping what is queued. */
  end(error: unknown): void {
    this.queue.length = 0;
    this.held.length = 0;
    this.fail(error);
  }
  /** Ends the stream now; called once for any reason (unregister, unwatch, the consumer left). */
  close(): void {
    if (this.isClosed) {
      return;
    }
    this.isClosed = true;
    this.queue.length = 0;
    this.held.length = 0;
    this.options.signal?.removeEventListener('abort', this);
    this.options.onClose();
    this.waiting?.resolve(ITERATION_DONE);
    this.waiting = null;
    this.settleRoom();
  }

  /** Answers a pending `whenRoom` once the queue can take its events, or nothing more will do. */
  private settleRoom(): void {
    if (!this.roomFor) {
      return;
    }
    const room = !this.ended;
    if (room && this.queue.length + this.roomFor.count > this.capacity) {
      return;
    }
    const { resolve } = this.roomFor;
    this.roomFor = null;
    resolve(room);
  }

  private overflow(): void {
    if (this.options.onOverflow) {
      this.options.onOverflow();
      this.close();
    } else {
      this.end(this.options.overflowError(this.delivered));
    }
  }

  private deliver(event: SessionEvent): void {
    if (this.waiting) {
      const { resolve } = this.waiting;
      this.waiting = null;
      this.delivered = event.cursor;
      resolve({ done: false, value: event });
    } else if (this.queue.push(event) > this.limit) {
      this.overflow();
    }
  }
}

/** One subscriber's stream; see {@link Subscriber}. */
export function createSubscriber(options: SubscriberOptions): Subscriber {
  return new Subscriber(options);
}
