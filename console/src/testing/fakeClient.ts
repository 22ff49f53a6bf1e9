import {
  Client,
  type GraphQLRequest,
  makeResult,
  type Operation,
  type OperationContext,
  type OperationResult,
  type OperationResultSource,
} from '@urql/core';
import { vi } from 'vitest';
import { fromValue, makeSubject, pipe, type Source, subscribe, take, toPromise } from 'wonka';

/** Answers one query or mutation: data, or a GraphQL error with an `extensions.code`. */
export type FakeAnswer =
  | { data: Record<string, unknown> }
  | { error: { message: string; code: string; field?: string } };

const asResultSource = (source: Source<OperationResult>) =>
  Object.assign(source, {
    toPromise: () => pipe(source, take(1), toPromise),
    subscribe: (onResult: (result: OperationResult) => void) => pipe(source, subscribe(onResult)),
  }) as unknown as OperationResultSource<OperationResult>;

/**
 * A real urql `Client` whose execute methods are replaced: queries and mutations
 * answer from `answer(operationName, variables)`, subscriptions read `events`, a wonka subject
 * the test pushes results into with `emit(data)`. Every executed operation lands in `operations`.
 */
export function createFakeClient(
  answer: (name: string, variables: Record<string, unknown>) => FakeAnswer,
) {
  const client = new Client({ url: 'http://gateway.test/graphql', exchanges: [] });
  const events = makeSubject<OperationResult>();
  const operations: Operation[] = [];
  let subscription: Operation | undefined;
  const respond =
    (kind: 'query' | 'mutation') => (request: GraphQLRequest, ctx?: Partial<OperationContext>) => {
      const operation = client.createRequestOperation(kind, request, ctx);
      operations.push(operation);
      const name =
        operation.query.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value ??
        '';
      const reply = answer(name, (operation.variables ?? {}) as Record<string, unknown>);
      // a GraphQL error, as the gateway sends it (makeErrorResult would make it a network error)
      const result =
        'data' in reply
          ? makeResult(operation, { data: reply.data })
          : makeResult(operation, {
              data: null,
              errors: [
                {
                  message: reply.error.message,
                  extensions: {
                    code: reply.error.code,
                    ...(reply.error.field ? { field: reply.error.field } : {}),
                  },
                },
              ],
            });
      return asResultSource(fromValue(result));
    };
  vi.spyOn(client, 'executeQuery').mockImplementation(respond('query'));
  vi.spyOn(client, 'executeMutation').mockImplementation(respond('mutation'));
  vi.spyOn(client, 'executeSubscription').mockImplementation((request, ctx) => {
    subscription = client.createRequestOperation('subscription', request, ctx);
    operations.push(subscription);
    return asResultSource(events.source);
  });
  return {
    client,
    operations,
    /** Pushes one subscription result, as the gateway would over graphql-ws. */
    emit(data: Record<string, unknown>) {
      if (!subscription) {
        throw new Error('nothing subscribed yet');
      }
      events.next(makeResult(subscription, { data }));
    },
  };
}
