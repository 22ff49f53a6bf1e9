import { GraphQLError } from 'graphql';
import { ITERATION_DONE as DONE } from './iteration-done';
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
  return new FinalErrorStream(source);
}

/**
 * {@link endWithFinalError}'s iterator: a class, since one exists per subscription and per-object
 * closures would cost memory on every one.
 */
class FinalErrorStream<T> implements AsyncIterableIterator<T | StreamEnd> {
  private ended = false;
  constructor(private readonly source: AsyncIterableIterator<T>) {}

  next(): Promise<IteratorResult<T | StreamEnd>> {
    if (this.ended) {
      return Promise.resolve(DONE);
    }
    return this.source.next().catch((error: unknown) => this.toFinal(error));
  }
  return(): Promise<IteratorResult<T | StreamEnd>> {
    this.ended = true;
    return this.source.return?.() ?? Promise.resolve(DONE);
  }
  throw(error?: unknown): Promise<IteratorResult<T | StreamEnd>> {
    return this.source.throw?.(error) ?? Promise.reject(error);
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<T | StreamEnd> {
    return this;
  }

  private toFinal(error: unknown): IteratorResult<T | StreamEnd> {
    this.ended = true;
    const final =
      error instanceof GraphQLError && typeof error.extensions?.code === 'string'
        ? error
        : streamInterrupted('failed', null);
    return { done: false, value: new StreamEnd(final) };
  }
}
