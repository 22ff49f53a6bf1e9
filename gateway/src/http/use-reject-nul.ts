import { ErrorCode, gatewayError } from '@wawp-gateway/schema';
import { BREAK, type DocumentNode, visit } from 'graphql';
import type { Plugin } from 'graphql-yoga';

const NUL = '\u0000';

/**
 * True when a NUL character is in any string of `value` (keys included), at any depth. Iterative,
 * so a variable nested thousands of levels deep cannot overflow the stack.
 */
export function containsNul(value: unknown): boolean {
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (typeof item === 'string') {
      if (item.includes(NUL)) {
        return true;
      }
    } else if (Array.isArray(item)) {
      for (const entry of item) {
        pending.push(entry);
      }
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, entry] of Object.entries(item)) {
        if (key.includes(NUL)) {
          return true;
        }
        pending.push(entry);
      }
    }
  }
  return false;
}

/** True when a string literal of `document` (written with a `\u0000` escape) holds a NUL. */
export function documentContainsNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    StringValue(node) {
      if (node.value.includes(NUL)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/** The error of an operation refused for a NUL character. */
export const nulError = () =>
  gatewayError(ErrorCode.BadUserInput, 'Strings may not contain the NUL character (\\u0000)');

/**
 * Refuses, before it executes, an operation whose variables or string literals hold a NUL
 * character: no id, name or label may have one, and PostgreSQL cannot store it in text (it would
 * fail the query as an internal error). One rule for HTTP, SSE and graphql-ws, which all execute
 * through this envelope.
 */
export function useRejectNul(): Plugin {
  // A document's literals never change, and yoga's parser cache hands out the same object for
  // the same text: walk each document once. Variables differ per request, so they are checked
  // every time.
  const literalsHaveNul = new WeakMap<DocumentNode, boolean>();
  const documentRefused = (document: DocumentNode) => {
    let found = literalsHaveNul.get(document);
    if (found === undefined) {
      found = documentContainsNul(document);
      literalsHaveNul.set(document, found);
    }
    return found;
  };
  const refused = (args: { document: DocumentNode; variableValues?: unknown }) =>
    containsNul(args.variableValues) || documentRefused(args.document);
  return {
    onExecute({ args, setResultAndStopExecution }) {
      if (refused(args)) {
        setResultAndStopExecution({ errors: [nulError()] });
      }
    },
    onSubscribe({ args, setResultAndStopExecution }) {
      if (refused(args)) {
        setResultAndStopExecution({ errors: [nulError()] });
      }
    },
  };
}
