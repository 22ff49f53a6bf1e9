import { ITERATION_DONE } from './iteration-done';

/**
 * Opens `open(signal)` and returns its iterator, wrapped so that the consumer's `return()` (a
 * client unsubscribing, a socket closing) aborts `signal` at once. A plain async generator wrapper
 * could not do that: its `return()` waits until the pending `next()` settles, i.e. the next event.
 */
export function iterateAbortably<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
): AsyncIterableIterator<T> {
  return new AbortableStream(open);
}

/**
 * {@link iterateAbortably}'s iterator: a class, since one exists per subscription and per-object
 * closures would cost memory on every one.
 */
class AbortableStream<T> implements AsyncIterableIterator<T> {
  private readonly controller = new AbortController();
  private readonly inner: AsyncIterator<T>;

  constructor(open: (signal: AbortSignal) => AsyncIterable<T>) {
    this.inner = open(this.controller.signal)[Symbol.asyncIterator]();
  }

  next(): Promise<IteratorResult<T>> {
    return this.controller.signal.aborted ? this.return() : this.inner.next();
  }
  return(): Promise<IteratorResult<T>> {
    this.controller.abort();
    // Not awaited: the source ends on the abort; its own return() may wait for a pending next().
    this.inner.return?.().catch(() => undefined);
    return Promise.resolve(ITERATION_DONE);
  }
  throw(error?: unknown): Promise<IteratorResult<T>> {
    this.controller.abort(error);
    return this.inner.throw ? this.inner.throw(error) : Promise.reject(error);
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
