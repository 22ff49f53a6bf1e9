const DONE: IteratorReturnResult<undefined> = Object.freeze({ done: true, value: undefined });

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

/**
 * Maps each value of `source` through `fn`, in order. `return()` and `throw()` reach the source
 * at once, so a client leaving ends the subscription upstream too. A synchronous `fn` adds no
 * promise of its own: this runs once per subscriber per event, so fan-out pays for every tick.
 */
export function mapAsyncIterator<T, U>(
  source: AsyncIterable<T>,
  fn: (value: T) => Promise<U> | U,
): AsyncIterableIterator<U> {
  const iterator = source[Symbol.asyncIterator]();
  const close = async (): Promise<IteratorResult<U>> => {
    await iterator.return?.();
    return DONE;
  };
  const fail = async (error: unknown): Promise<never> => {
    await close();
    throw error;
  };
  const map = (result: IteratorResult<T>): IteratorResult<U> | Promise<IteratorResult<U>> => {
    if (result.done) {
      return DONE;
    }
    let mapped: Promise<U> | U;
    try {
      mapped = fn(result.value);
    } catch (error) {
      return fail(error);
    }
    return isPromiseLike(mapped)
      ? Promise.resolve(mapped).then((value) => ({ done: false, value }), fail)
      : { done: false, value: mapped };
  };
  return {
    next: () => iterator.next().then(map),
    return: close,
    async throw(error?: unknown) {
      if (iterator.throw) {
        await iterator.throw(error);
      }
      await close();
      throw error;
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
