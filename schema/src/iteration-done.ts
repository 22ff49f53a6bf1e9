/**
 * The one result of an iterator that has ended, frozen and shared: the gateway's streams run once
 * per subscriber, and each one ending need not allocate its own.
 */
export const ITERATION_DONE: IteratorReturnResult<undefined> = Object.freeze({
  done: true,
  value: undefined,
});
