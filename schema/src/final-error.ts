import { GraphQLError } from 'graphql';
import { streamInterrupted } from './stream-interrupted';

/** @private The last item of a stream that ended with an error: its resolver throws it. */
export class StreamEnd {
  constructor(readonly error: GraphQLError) {}
}

/**
 * Turns a source stream that ends with an error into one that ends with a last item carrying it,
 * so that the error reaches the client as a regular result (`errors` with its
 * `extensions.code`) on every transport, and the transport itself stays healthy: graphql-ws keeps
 * the socket open (it would drop the extensions of a thrown error), SSE sends it as an event.
 * Errors that are not the gateway's own become a retryable `STREAM_INTERRUPTED`.
 */
export function endWithFinalError<T>(
  source: AsyncIterableIterator<T>,
): AsyncIterableIterator<T | StreamEnd> {
  let ended = false;
  const toFinal = (error: unknown): IteratorResult<T | StreamEnd> => {
    ended = true;
    const final =
      error instanceof GraphQLError && typeof error.extensions?.code === 'string'
        ? error
        : streamInterrupted('failed', null);
    return { done: false, value: new StreamEnd(final) };
  };
  return {
    next: () =>
      ended
        ? Promise.resolve({ done: true, value: undefined })
        : source.next().then((result) => result, toFinal),
    return: () => {
      ended = true;
      return source.return?.() ?? Promise.resolve({ done: true, value: undefined });
    },
    throw: (error?: unknown) => source.throw?.(error) ?? Promise.reject(error),
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}
