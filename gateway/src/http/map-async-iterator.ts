import { ITERATION_DONE as DONE } from '@wawp-gateway/schema';

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
  return new MappedStream(source[Symbol.asyncIterator](), fn);
}

/**
 * {@link mapAsyncIterator}'s iterator: a class, since one exists per subscription and per-object
 * closures would cost memory on every one.
 */
class MappedStream<T, U> implements AsyncIterableIterator<U> {
  constructor(
    private readonly iterator: AsyncIterator<T>,
    private readonly fn: (value: T) => Promise<U> | U,
  ) {}

  next(): Promise<IteratorResult<U>> {
    return this.iterator.next().then((result) => this.map(result));
  }
  async return(): Promise<IteratorResult<U>> {
    await this.iterator.return?.();
    return DONE;
  }
  async throw(error?: unknown): Promise<IteratorResult<U>> {
    if (this.iterator.throw) {
      await this.iterator.throw(error);
    }
    await this.return();
    throw error;
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<U> {
    return this;
  }

  private map(result: IteratorResult<T>): IteratorResult<U> | Promise<IteratorResult<U>> {
    if (result.done) {
      return DONE;
    }
    let mapped: Promise<U> | U;
    try {
      mapped = this.fn(result.value);
    } catch (error) {
      return this.fail(error);
    }
    return isPromiseLike(mapped)
      ? Promise.resolve(mapped).then(
          (value) => ({ done: false, value }),
          (error: unknown) => this.fail(error),
        )
      : { done: false, value: mapped };
  }

  private async fail(error: unknown): Promise<never> {
    await this.return();
    throw error;
  }
}
