/**
 * Opens `open(signal)` and returns its iterator, wrapped so that the consumer's `return()` (a
 * client unsubscribing, a socket closing) aborts `signal` at once. A plain async generator wrapper
 * could not do that: its `return()` waits until the pending `next()` settles, i.e. the next event.
 */
export function iterateAbortably<T>(
  open: (signal: AbortSignal) => AsyncIterable<T>,
): AsyncIterableIterator<T> {
  const controller = new AbortController();
  const inner = open(controller.signal)[Symbol.asyncIterator]();
  const finish = (): Promise<IteratorResult<T>> => {
    controller.abort();
    // Not awaited: the source ends on the abort; its own return() may wait for a pending next().
    inner.return?.().catch(() => undefined);
    return Promise.resolve({ done: true, value: undefined });
  };
  return {
    next: () => (controller.signal.aborted ? finish() : inner.next()),
    return: finish,
    throw: (error?: unknown) => {
      controller.abort(error);
      return inner.throw ? inner.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
