/**
 * What every answer to bad input must satisfy, on every transport: each error has a non-empty
 * message and a non-empty `extensions.code` (never the 5xx code `INTERNAL`), and no text shows a
 * stack trace, a source path, runtime or database error text, an upstream detail or a secret.
 * The checks return a list of problems (empty when the answer is fine) so a property can report
 * all of them at once with the request and response that caused them.
 */

/** A secret that must never appear in a response: the admin key, the Wawp token, a tenant key. */
export interface Secret {
  name: string;
  value: string;
}

/** Codes that mean "the gateway failed", which bad input must never cause. */
const SERVER_FAILURE_CODES = new Set(['INTERNAL', 'INTERNAL_SERVER_ERROR']);

/** `extensions` keys that only carry internals (yoga's `originalError`, a stack). */
const INTERNAL_EXTENSION_KEYS = ['originalError', 'stack', 'stacktrace', 'exception'];

/**
 * Text that only an internal error would show. A match is not a leak when the client sent that
 * very text (graphql-js quotes invalid variable values in its messages).
 */
const LEAK_PATTERNS: readonly { what: string; pattern: RegExp }[] = [
  {
    what: 'a stack frame',
    pattern: /\bat (?:async )?[\w$.<>[\] ]*\(?(?:file:\/\/|node:|\/)\S*:\d+/g,
  },
  { what: 'a source position', pattern: /\.(?:[cm]?[jt]sx?):\d+(?::\d+)?/g },
  { what: 'a node_modules path', pattern: /node_modules/g },
  { what: 'a repository path', pattern: /\/work\/|\/gateway\/src\/|\/schema\/src\//g },
  {
    what: 'a JavaScript error name',
    pattern: /\b(?:TypeError|ReferenceError|SyntaxError|RangeError|EvalError|AggregateError)\b/g,
  },
  {
    what: 'JavaScript runtime text',
    pattern:
      /\b[A-Za-z_$][\w$.]* is not (?:defined|a function|iterable|a constructor)\b|Cannot read propert(?:y|ies) of|undefined is not|Maximum call stack/g,
  },
  { what: 'a socket error', pattern: /\bE(?:CONNREFUSED|CONNRESET|TIMEDOUT|PIPE|NOTFOUND)\b/g },
  {
    what: 'database text',
    pattern:
      /\b(?:PGlite|pglite|kysely|Kysely|SQLSTATE|postgres|Postgres|PostgreSQL)\b|syntax error at or near|invalid byte sequence|violates [\w ]*constraint|duplicate key value|relation "[^"]*"/g,
  },
  { what: 'an upstream detail', pattern: /access_token|\/v2\/session|sim-access-token/g },
];

/** Every string (keys included) inside a parsed JSON value. */
export function stringsOf(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
  } else if (Array.isArray(value)) {
    for (const item of value) {
      stringsOf(item, out);
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      stringsOf(item, out);
    }
  }
  return out;
}

/**
 * What the client sent, as the server could echo it: the raw text plus every string inside any
 * JSON in it, decoded (so `"a\\u0000b"` in a body also counts as `a<NUL>b`).
 */
export function echoOf(...sent: unknown[]): string {
  const parts: string[] = [];
  for (const item of sent) {
    if (typeof item === 'string') {
      parts.push(item);
      try {
        parts.push(...stringsOf(JSON.parse(item)));
      } catch {
        // not JSON: the raw text is what was sent
      }
    } else if (item !== undefined) {
      parts.push(JSON.stringify(item) ?? '', ...stringsOf(item));
    }
  }
  return parts.join('\n');
}

/** Secrets in the raw text, and internal text in the strings of the answer that were not sent. */
export function leakProblems(
  raw: string,
  parsed: unknown,
  echo: string,
  secrets: readonly Secret[],
): string[] {
  const problems: string[] = [];
  for (const secret of secrets) {
    if (secret.value !== '' && raw.includes(secret.value)) {
      problems.push(`the response shows ${secret.name}`);
    }
  }
  const texts = parsed === undefined ? [raw] : stringsOf(parsed);
  for (const { what, pattern } of LEAK_PATTERNS) {
    for (const text of texts) {
      for (const match of text.matchAll(pattern)) {
        if (!echo.includes(match[0])) {
          problems.push(`the response shows ${what}: ${JSON.stringify(match[0])} in ${clip(text)}`);
        }
      }
    }
  }
  return problems;
}

/** Problems of a GraphQL `errors` list: each needs a message and a code, and no internals. */
export function errorListProblems(errors: unknown): string[] {
  if (errors === undefined) {
    return [];
  }
  if (!Array.isArray(errors) || errors.length === 0) {
    return [`"errors" is not a non-empty list: ${clip(JSON.stringify(errors) ?? String(errors))}`];
  }
  const problems: string[] = [];
  for (const error of errors as unknown[]) {
    const entry = (typeof error === 'object' && error !== null ? error : {}) as {
      message?: unknown;
      extensions?: Record<string, unknown>;
    };
    const message = typeof entry.message === 'string' ? entry.message : '';
    const label = clip(JSON.stringify(error) ?? String(error));
    if (message.trim() === '') {
      problems.push(`an error without a message: ${label}`);
    }
    const code = entry.extensions?.code;
    if (typeof code !== 'string' || code.trim() === '') {
      problems.push(`an error without extensions.code: ${label}`);
    } else if (SERVER_FAILURE_CODES.has(code)) {
      problems.push(`a server failure (${code}) for client input: ${label}`);
    }
    for (const key of INTERNAL_EXTENSION_KEYS) {
      if (entry.extensions && key in entry.extensions) {
        problems.push(`an error exposing extensions.${key}: ${label}`);
      }
    }
  }
  return problems;
}

/** Problems of one GraphQL result (`{ data?, errors? }`). */
export function resultProblems(result: unknown): string[] {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return [`the answer is not a GraphQL result object: ${clip(JSON.stringify(result) ?? '')}`];
  }
  const { data, errors } = result as { data?: unknown; errors?: unknown };
  if (data === undefined && errors === undefined) {
    return [`the answer has neither data nor errors: ${clip(JSON.stringify(result))}`];
  }
  return errorListProblems(errors);
}

/** Shortens a text for a failure message. */
export function clip(text: string, max = 600): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;
}

/** Throws one error listing every problem, with what was sent and what came back. */
export function assertNoProblems(problems: readonly string[], sent: unknown, received: unknown) {
  if (problems.length === 0) {
    return;
  }
  const show = (value: unknown) =>
    clip(typeof value === 'string' ? value : (JSON.stringify(value) ?? String(value)), 1_500);
  throw new Error(
    [
      `${problems.length} problem(s):`,
      ...[...new Set(problems)].map((p) => `  - ${p}`),
      `sent: ${show(sent)}`,
      `received: ${show(received)}`,
    ].join('\n'),
  );
}
