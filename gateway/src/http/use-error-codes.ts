import { ErrorCode } from '@wawp-gateway/schema';
import { type ExecutionResult, GraphQLError } from 'graphql';
import { handleStreamOrSingleExecutionResult, type Plugin } from 'graphql-yoga';

type HooksOf<K extends 'onExecute' | 'onSubscribe'> = Exclude<
  Awaited<ReturnType<NonNullable<Plugin[K]>>>,
  void
>;

/** `extensions` keys no client may see: yoga puts a request parser's error under `originalError`. */
const INTERNAL_EXTENSIONS = ['originalError'] as const;

/**
 * True when yoga's error masking will replace `error` (it wraps a non-GraphQL error, e.g. a
 * resolver's bug) with `INTERNAL`: those are left to it.
 */
const isMasked = (error: GraphQLError): boolean => {
  let original: unknown = error.originalError;
  while (original instanceof GraphQLError) {
    original = original.originalError;
  }
  return original != null;
};

/**
 * The code an error without one gets: an error with a `path` was raised while executing a field
 * that returned something the schema does not allow (graphql-js's own checks, e.g. a null for a
 * non-null field), which is the gateway's fault: `INTERNAL`. Every other uncoded error is about
 * the request itself (variable coercion, a syntax error on graphql-ws, graphql-armor's depth,
 * alias and token limits, `Unable to identify operation`): `BAD_USER_INPUT`.
 */
export const missingCodeOf = (error: GraphQLError): ErrorCode =>
  error.path !== undefined ? ErrorCode.Internal : ErrorCode.BadUserInput;

/**
 * `error` as a client may see it: with an `extensions.code` (its own, else
 * {@link missingCodeOf}) and without internal extensions. Returns `error` itself when nothing
 * changes, and leaves errors yoga's masking will replace alone.
 */
export function withErrorCode(error: GraphQLError): GraphQLError {
  const extensions = error.extensions ?? {};
  const code = extensions.code;
  const hasCode = typeof code === 'string' && code !== '';
  const leaks = INTERNAL_EXTENSIONS.some((key) => key in extensions);
  if ((hasCode || isMasked(error)) && !leaks) {
    return error;
  }
  const kept: Record<string, unknown> = { ...extensions };
  for (const key of INTERNAL_EXTENSIONS) {
    delete kept[key];
  }
  if (!hasCode && !isMasked(error)) {
    kept.code = missingCodeOf(error);
  }
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    path: error.path,
    originalError: error.originalError,
    extensions: kept,
  });
}

/** Applies {@link withErrorCode} to a list of errors (a graphql-ws `error` message). */
export const withErrorCodes = (errors: readonly GraphQLError[]): GraphQLError[] =>
  errors.map(withErrorCode);

/** `result` with {@link withErrorCode} applied to its errors; itself when it has none. */
export function resultWithErrorCodes<T extends ExecutionResult>(result: T): T {
  if (!result.errors || result.errors.length === 0) {
    return result;
  }
  const errors = result.errors.map((error) =>
    error instanceof GraphQLError ? withErrorCode(error) : error,
  );
  return errors.every((error, i) => error === result.errors?.[i]) ? result : { ...result, errors };
}

const isExecutionResult = (value: unknown): value is ExecutionResult =>
  typeof value === 'object' && value !== null && !(Symbol.asyncIterator in value);

/**
 * Every error a client receives carries an `extensions.code` and no `extensions.originalError`:
 * results of execute and subscribe (each event of a stream too) on every transport, and what
 * yoga answers before executing over HTTP and SSE (parse and armor errors, bad request bodies).
 * graphql-ws's own pre-execution errors get the same rule from `withErrorCodes` in
 * `attach-graphql-ws.ts`.
 */
export function useErrorCodes(): Plugin {
  const fix = ({
    result,
    setResult,
  }: {
    result: ExecutionResult;
    setResult: (result: ExecutionResult) => void;
  }) => {
    const fixed = resultWithErrorCodes(result);
    if (fixed !== result) {
      setResult(fixed);
    }
  };
  // one hook object for every operation: a subscription holds its hooks for as long as it runs
  const executeHooks: HooksOf<'onExecute'> = {
    onExecuteDone: (payload) => handleStreamOrSingleExecutionResult(payload, fix),
  };
  const subscribeHooks: HooksOf<'onSubscribe'> = {
    onSubscribeResult: (payload) => handleStreamOrSingleExecutionResult(payload, fix),
  };
  return {
    onExecute: () => executeHooks,
    onSubscribe: () => subscribeHooks,
    onResultProcess({ result, setResult }) {
      if (Array.isArray(result)) {
        setResult(result.map((item) => resultWithErrorCodes(item)));
      } else if (isExecutionResult(result)) {
        setResult(resultWithErrorCodes(result));
      }
    },
  };
}
