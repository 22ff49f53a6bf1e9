import { ErrorCode, gatewayError } from '@wawp-gateway/schema';
import type { Plugin } from 'graphql-yoga';
import { LIMITS } from './limits';

const OPEN = new Set(['{', '[', '(']);
const CLOSE = new Set(['}', ']', ')']);

/**
 * True when `source` nests `{`, `[` or `(` deeper than `bound`, outside strings, block strings
 * and comments. One pass, no allocation: cheap enough to run before any parser sees the text.
 * Unbalanced text is not this check's business (the parser reports it).
 */
export function nestsDeeperThan(source: string, bound: number): boolean {
  let depth = 0;
  let i = 0;
  const n = source.length;
  while (i < n) {
    const c = source[i];
    if (c === '#') {
      while (i < n && source[i] !== '\n' && source[i] !== '\r') {
        i += 1;
      }
    } else if (c === '"') {
      if (source.startsWith('"""', i)) {
        i += 3;
        while (i < n && !source.startsWith('"""', i)) {
          i += source.startsWith('\\"""', i) ? 4 : 1;
        }
        i += 3;
        continue;
      }
      i += 1;
      while (i < n && source[i] !== '"' && source[i] !== '\n' && source[i] !== '\r') {
        i += source[i] === '\\' ? 2 : 1;
      }
    } else if (c !== undefined && OPEN.has(c)) {
      depth += 1;
      if (depth > bound) {
        return true;
      }
    } else if (c !== undefined && CLOSE.has(c)) {
      depth = Math.max(0, depth - 1);
    }
    i += 1;
  }
  return false;
}

/**
 * Refuses a document nested deeper than {@link LIMITS.nesting} before it is parsed, with
 * `BAD_USER_INPUT`, on every transport (graphql-ws parses through the same envelope). Must come
 * before graphql-armor's plugins, whose token counter overflows the stack on such documents.
 */
export function useNestingLimit(bound: number = LIMITS.nesting): Plugin {
  return {
    onParse({ params }) {
      const source = typeof params.source === 'string' ? params.source : params.source.body;
      if (nestsDeeperThan(source, bound)) {
        throw gatewayError(
          ErrorCode.BadUserInput,
          `The document nests brackets deeper than ${bound} levels`,
        );
      }
    },
  };
}
