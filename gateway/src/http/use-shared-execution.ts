import type { Viewer } from '@wawp-gateway/schema';
import {
  createSourceEventStream,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  execute,
  print,
} from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { mapAsyncIterator } from './map-async-iterator';
import { copyWithEventId } from './sse-event-ids';

/** Options of {@link useSharedExecution}. */
export interface SharedExecutionOptions {
  /**
   * What the result of an operation may depend on besides the document, operation and
   * variables: subscribers of one scope share executions. `null` = never share.
   * @default `admin`, `tenant:<id>` from `contextValue.viewer`; `null` without a viewer
   */
  scopeOf?(contextValue: unknown): string | null;
}

const viewerScope = (contextValue: unknown): string | null => {
  const viewer = (contextValue as { viewer?: Viewer | null } | null)?.viewer;
  if (!viewer) {
    return null;
  }
  return viewer.role === 'admin' ? 'admin' : `tenant:${viewer.tenantId}`;
};

/** JSON with object keys sorted, so `{a, b}` and `{b, a}` give one key. */
const stableJson = (value: unknown): string =>
  JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );

type PromiseOrValue<T> = Promise<T> | T;

/** Distinct documents remembered for sharing; past it the memory starts over. */
const MAX_DOCUMENTS = 1_000;

const isPromise = <T>(value: PromiseOrValue<T>): value is Promise<T> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

const isAsyncIterable = (value: unknown): value is AsyncIterable<unknown> =>
  typeof value === 'object' && value !== null && Symbol.asyncIterator in value;

/**
 * Makes one event cost one execution per distinct subscription shape (document, operation name,
 * variables, viewer scope) instead of one per subscriber: each subscription's source stream is
 * mapped through a memo keyed by the payload object, which the hub hands to every subscriber as
 * the same object. Results are shared read-only; each subscriber gets its own shallow copy.
 */
export function useSharedExecution(options: SharedExecutionOptions = {}): Plugin {
  const scopeOf = options.scopeOf ?? viewerScope;
  /** A small number per distinct printed document, so a shape key does not hold its text. */
  const documentIds = new WeakMap<DocumentNode, number>();
  const idsByText = new Map<string, number>();
  let nextDocumentId = 1;
  const results = new WeakMap<object, Map<string, PromiseOrValue<ExecutionResult>>>();

  const documentIdOf = (document: DocumentNode) => {
    let id = documentIds.get(document);
    if (id === undefined) {
      const text = print(document);
      id = idsByText.get(text);
      if (id === undefined) {
        // a flood of distinct documents only costs sharing: the numbers go on, the map restarts
        if (idsByText.size >= MAX_DOCUMENTS) {
          idsByText.clear();
        }
        id = nextDocumentId++;
        idsByText.set(text, id);
      }
      documentIds.set(document, id);
    }
    return id;
  };

  // Kept by each subscription as long as it runs: short, without the document's text.
  const shapeOf = (args: ExecutionArgs, scope: string) =>
    stableJson([
      documentIdOf(args.document),
      args.operationName ?? null,
      args.variableValues ?? {},
      scope,
    ]);

  // A synchronous result (the usual case) is shared as is, without a promise per subscriber.
  const executeOnce = (
    args: ExecutionArgs,
    shape: string,
    payload: unknown,
  ): PromiseOrValue<ExecutionResult> => {
    if (typeof payload !== 'object' || payload === null) {
      return execute({ ...args, rootValue: payload });
    }
    let byShape = results.get(payload);
    if (!byShape) {
      byShape = new Map();
      results.set(payload, byShape);
    }
    let result = byShape.get(shape);
    if (!result) {
      result = execute({ ...args, rootValue: payload });
      byShape.set(shape, result);
    }
    const own = (shared: ExecutionResult) => copyWithEventId(shared, payload);
    return isPromise(result) ? result.then(own) : own(result);
  };

  return {
    onSubscribe({ args, setSubscribeFn }) {
      const scope = scopeOf(args.contextValue);
      if (scope === null) {
        return;
      }
      setSubscribeFn(async (subscribeArgs: ExecutionArgs) => {
        const stream = await createSourceEventStream(subscribeArgs);
        if (!isAsyncIterable(stream)) {
          return stream;
        }
        const shape = shapeOf(subscribeArgs, scope);
        return mapAsyncIterator(stream, (payload) => executeOnce(subscribeArgs, shape, payload));
      });
    },
  };
}
