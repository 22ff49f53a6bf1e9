/**
 * Bounded clients for the fuzz properties: an HTTP exchange that always ends (aborted after a
 * deadline, which counts as a hang), a graphql-ws operation that reports its first message, a
 * socket close or silence, a pool of graphql-ws sockets paced below the per-socket limits, and an
 * SSE reader that stops at the first event.
 */
import type { FormattedExecutionResult } from 'graphql';
import { connectWs, type WsConnection } from '../utils/graphql-ws-client';
import {
  assertNoProblems,
  echoOf,
  errorListProblems,
  leakProblems,
  resultProblems,
  type Secret,
} from './checks';

/** How long any answer (or the first event of a stream) may take. */
export const ANSWER_BOUND_MS = 5_000;

export interface HttpExchange {
  method: string;
  target: string;
  /** What was sent, for echo detection and failure messages. */
  sent: unknown;
  status: number | null;
  contentType: string | null;
  raw: string;
  elapsedMs: number;
  /** Why there is no complete answer (a hang, a reset), or null. */
  failure: string | null;
}

export interface HttpRequest {
  method?: string;
  /** Path and query, e.g. `/graphql?query=…`. */
  path?: string;
  headers?: Record<string, string>;
  body?: string | ReadableStream<Uint8Array>;
}

/** One request to the gateway that ends within {@link ANSWER_BOUND_MS} whatever happens. */
export async function httpExchange(url: string, request: HttpRequest): Promise<HttpExchange> {
  const method = request.method ?? 'POST';
  const target = `${url}${request.path ?? '/graphql'}`;
  const started = Date.now();
  const exchange: HttpExchange = {
    method,
    target,
    sent: {
      method,
      path: request.path ?? '/graphql',
      headers: request.headers,
      body: typeof request.body === 'string' ? request.body : request.body ? '<stream>' : undefined,
    },
    status: null,
    contentType: null,
    raw: '',
    elapsedMs: 0,
    failure: null,
  };
  try {
    const response = await fetch(target, {
      method,
      headers: request.headers,
      body: request.body,
      signal: AbortSignal.timeout(ANSWER_BOUND_MS),
      ...(request.body instanceof ReadableStream ? { duplex: 'half' } : {}),
    } as RequestInit);
    exchange.status = response.status;
    exchange.contentType = response.headers.get('content-type');
    exchange.raw = await response.text();
  } catch (error) {
    const name = (error as { name?: string }).name;
    exchange.failure =
      name === 'TimeoutError' || name === 'AbortError'
        ? `no complete answer within ${ANSWER_BOUND_MS} ms (hung)`
        : `the request failed: ${String(error)} ${String((error as { cause?: unknown }).cause ?? '')}`;
  }
  exchange.elapsedMs = Date.now() - started;
  return exchange;
}

/**
 * Problems of an HTTP answer: a 5xx, a hang, a body that is not a GraphQL result in JSON (when
 * `json` is required, as for POST /graphql, or the request was rejected), errors without a code,
 * or a leak.
 */
export function httpProblems(
  exchange: HttpExchange,
  secrets: readonly Secret[],
  options: { json: boolean },
): string[] {
  if (exchange.failure) {
    return [exchange.failure];
  }
  const status = exchange.status ?? 0;
  const problems: string[] = [];
  if (status >= 500) {
    problems.push(`HTTP ${status}`);
  }
  let parsed: unknown;
  if (exchange.raw !== '') {
    try {
      parsed = JSON.parse(exchange.raw);
    } catch {
      parsed = undefined;
    }
  }
  if (parsed === undefined && (options.json || status >= 400)) {
    problems.push(
      `HTTP ${status} (${exchange.contentType ?? 'no content-type'}) with a body that is not JSON: ${JSON.stringify(exchange.raw.slice(0, 200))}`,
    );
  } else if (parsed !== undefined) {
    problems.push(...resultProblems(parsed));
  }
  problems.push(...leakProblems(exchange.raw, parsed, echoOf(exchange.sent), secrets));
  return problems;
}

/** Asserts {@link httpProblems} finds nothing. */
export function assertHttpOk(
  exchange: HttpExchange,
  secrets: readonly Secret[],
  options: { json: boolean } = { json: true },
) {
  assertNoProblems(httpProblems(exchange, secrets, options), exchange.sent, {
    status: exchange.status,
    contentType: exchange.contentType,
    elapsedMs: exchange.elapsedMs,
    body: exchange.raw,
  });
}

/** A POST of a GraphQL request (any JSON, or a raw body) to `/graphql`. */
export function postGraphQL(
  url: string,
  authorization: string | null,
  body: unknown,
  headers: Record<string, string> = {},
) {
  return httpExchange(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/graphql-response+json, application/json',
      ...(authorization === null ? {} : { authorization }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** What a graphql-ws operation did first. */
export type WsOperationOutcome =
  | { kind: 'next'; result: FormattedExecutionResult; elapsedMs: number }
  | { kind: 'error'; errors: unknown; elapsedMs: number }
  | { kind: 'complete'; elapsedMs: number }
  | { kind: 'closed'; code: number; reason: string; elapsedMs: number }
  | { kind: 'silent'; elapsedMs: number }
  | { kind: 'failed'; error: string; elapsedMs: number };

/**
 * Subscribes `payload` on `connection` and reports the first thing that happens, or `silent`
 * after `windowMs`; the operation is completed (unsubscribed) before this resolves.
 */
export function wsOperation(
  connection: WsConnection,
  payload: { query: string; variables?: Record<string, unknown>; operationName?: string | null },
  windowMs: number,
): Promise<WsOperationOutcome> {
  const started = Date.now();
  return new Promise((resolve) => {
    let settled = false;
    let unsubscribe: () => void = () => {};
    const settle = (outcome: WsOperationOutcome) => {
      if (settled) {
        return;
      }
      settled = true;
      clearTimeout(timer);
      // Not in this tick: a query's `complete` often arrives in the same chunk as its `next`, and
      // graphql-ws 6.4.2's client, unsubscribed between the two, releases its lock twice and
      // closes the socket with 1000. By the next macrotask the `complete` has been handled.
      setImmediate(() => {
        unsubscribe();
        resolve(outcome);
      });
    };
    const elapsed = () => Date.now() - started;
    const timer = setTimeout(() => settle({ kind: 'silent', elapsedMs: elapsed() }), windowMs);
    void connection.closed.then(({ code, reason }) =>
      settle({ kind: 'closed', code, reason, elapsedMs: elapsed() }),
    );
    unsubscribe = connection.client.subscribe(
      payload as { query: string; variables?: Record<string, unknown> },
      {
        next: (result) =>
          settle({
            kind: 'next',
            result: result as FormattedExecutionResult,
            elapsedMs: elapsed(),
          }),
        error: (error: unknown) => {
          if (Array.isArray(error)) {
            settle({ kind: 'error', errors: error, elapsedMs: elapsed() });
          } else if (typeof error === 'object' && error !== null && 'code' in error) {
            const { code, reason } = error as { code: number; reason?: string };
            settle({ kind: 'closed', code, reason: String(reason ?? ''), elapsedMs: elapsed() });
          } else {
            settle({ kind: 'failed', error: String(error), elapsedMs: elapsed() });
          }
        },
        complete: () => settle({ kind: 'complete', elapsedMs: elapsed() }),
      },
    );
  });
}

/**
 * Problems of a graphql-ws outcome. A bad operation must be answered on that operation: a socket
 * close of any code is a problem (4500 is the gateway failing), and so is silence unless the
 * caller says it is legitimate (a resume from a valid cursor with nothing new).
 */
export function wsProblems(
  outcome: WsOperationOutcome,
  sent: unknown,
  secrets: readonly Secret[],
  options: { silenceAllowed: boolean },
): string[] {
  const raw = JSON.stringify(outcome);
  const echo = echoOf(sent);
  switch (outcome.kind) {
    case 'next':
      return [
        ...resultProblems(outcome.result),
        ...leakProblems(raw, outcome.result, echo, secrets),
      ];
    case 'error':
      return [
        ...errorListProblems(outcome.errors),
        ...leakProblems(raw, outcome.errors, echo, secrets),
      ];
    case 'complete':
      return ['the operation completed without a result or an error'];
    case 'closed':
      return [
        `the socket closed with ${outcome.code}${outcome.code === 4500 ? ' (internal error)' : ''} "${outcome.reason}"`,
        ...leakProblems(outcome.reason, undefined, echo, secrets),
      ];
    case 'silent':
      return options.silenceAllowed
        ? []
        : [`no result, error or close within ${outcome.elapsedMs} ms (hung)`];
    case 'failed':
      return [`the client failed: ${outcome.error}`];
  }
}

/**
 * graphql-ws sockets paced below the per-socket limits (20 messages/s, bursts of 40, 20
 * subscriptions): each socket serves at most `perSocket` operations (two messages each, one at a
 * time), then the next operation gets a fresh socket. A socket that closed is replaced at once.
 */
export function createWsPool(url: string, authorization: string | null, perSocket = 8) {
  let current: WsConnection | null = null;
  let currentClosed = false;
  let used = 0;
  let opened = 0;
  const all: WsConnection[] = [];
  return {
    /** The socket for the next operation. */
    async next(): Promise<WsConnection> {
      if (current === null || used >= perSocket || currentClosed) {
        await current?.dispose();
        const connection = connectWs(url, authorization);
        current = connection;
        currentClosed = false;
        all.push(connection);
        void connection.closed.then(() => {
          if (current === connection) {
            currentClosed = true;
          }
        });
        used = 0;
        opened += 1;
      }
      used += 1;
      return current;
    },
    /** Sockets opened so far. */
    get opened() {
      return opened;
    },
    async dispose() {
      await Promise.all(all.map((connection) => connection.dispose()));
    },
  };
}

/** The first event of an SSE response, or what ended it. */
export interface SseOutcome {
  status: number | null;
  contentType: string | null;
  /** Everything received before the reader stopped. */
  raw: string;
  first: { event: string; data: string } | null;
  /** True when the stream stayed open without an event for the window. */
  silent: boolean;
  failure: string | null;
  elapsedMs: number;
  sent: unknown;
}

/** The SSE frames (`event:` and `data:` lines, comments skipped) in `text`. */
function framesOf(text: string): { event: string; data: string }[] {
  const frames: { event: string; data: string }[] = [];
  const blocks = text.split(/\r?\n\r?\n/);
  blocks.pop(); // incomplete
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split(/\r?\n/)) {
      if (line.startsWith('event:')) {
        event = line.slice(6).trim();
      } else if (line.startsWith('data:')) {
        data.push(line.slice(5).replace(/^ /, ''));
      }
    }
    if (data.length > 0 || event !== 'message') {
      frames.push({ event, data: data.join('\n') });
    }
  }
  return frames;
}

/**
 * Opens an SSE subscription (GET with `query`/`variables`… parameters, or POST with a JSON body)
 * and reads until its first event, or `windowMs` of silence; then aborts it. Headers must come
 * within {@link ANSWER_BOUND_MS}.
 */
export async function sseFirst(
  url: string,
  authorization: string | null,
  request: { method: 'GET'; params: Record<string, string> } | { method: 'POST'; body: unknown },
  windowMs: number,
): Promise<SseOutcome> {
  const started = Date.now();
  const controller = new AbortController();
  const headerTimer = setTimeout(() => controller.abort(), ANSWER_BOUND_MS);
  const path =
    request.method === 'GET'
      ? `/graphql?${new URLSearchParams(request.params).toString()}`
      : '/graphql';
  const outcome: SseOutcome = {
    status: null,
    contentType: null,
    raw: '',
    first: null,
    silent: false,
    failure: null,
    elapsedMs: 0,
    sent: request.method === 'GET' ? { method: 'GET', params: request.params } : request,
  };
  try {
    const response = await fetch(`${url}${path}`, {
      method: request.method,
      headers: {
        accept: 'text/event-stream',
        ...(request.method === 'POST' ? { 'content-type': 'application/json' } : {}),
        ...(authorization === null ? {} : { authorization }),
      },
      body: request.method === 'POST' ? JSON.stringify(request.body) : undefined,
      signal: controller.signal,
    });
    clearTimeout(headerTimer);
    outcome.status = response.status;
    outcome.contentType = response.headers.get('content-type');
    const reader = response.body?.getReader();
    const decoder = new TextDecoder();
    const isStream = (outcome.contentType ?? '').includes('text/event-stream');
    // A JSON answer must be complete within the bound; a stream's first event within the window.
    const deadline = Date.now() + (isStream ? windowMs : ANSWER_BOUND_MS);
    while (reader) {
      const left = deadline - Date.now();
      let timer: ReturnType<typeof setTimeout> | undefined;
      const chunk = await Promise.race([
        reader.read(),
        new Promise<null>((resolve) => {
          timer = setTimeout(() => resolve(null), Math.max(0, left));
        }),
      ]);
      clearTimeout(timer);
      if (chunk === null) {
        if (isStream) {
          outcome.silent = true;
        } else {
          outcome.failure = `no complete answer within ${ANSWER_BOUND_MS} ms (hung)`;
        }
        break;
      }
      if (chunk.done) {
        break;
      }
      outcome.raw += decoder.decode(chunk.value, { stream: true });
      if (isStream) {
        const first = framesOf(outcome.raw)[0];
        if (first) {
          outcome.first = first;
          break;
        }
      }
    }
    controller.abort();
    await reader?.cancel().catch(() => {});
  } catch (error) {
    const name = (error as { name?: string }).name;
    outcome.failure =
      name === 'AbortError' || name === 'TimeoutError'
        ? `no response headers within ${ANSWER_BOUND_MS} ms (hung)`
        : `the request failed: ${String(error)}`;
  } finally {
    clearTimeout(headerTimer);
  }
  outcome.elapsedMs = Date.now() - started;
  return outcome;
}

/**
 * Problems of an SSE outcome: a 5xx, a hang, a first event that is not `next` with a GraphQL
 * result (or `complete`), errors without a code, a leak; silence only when allowed.
 */
export function sseProblems(
  outcome: SseOutcome,
  secrets: readonly Secret[],
  options: { silenceAllowed: boolean },
): string[] {
  if (outcome.failure) {
    return [outcome.failure];
  }
  const status = outcome.status ?? 0;
  const problems: string[] = [];
  if (status >= 500) {
    problems.push(`HTTP ${status}`);
  }
  const echo = echoOf(outcome.sent);
  const isStream = (outcome.contentType ?? '').includes('text/event-stream');
  if (!isStream) {
    // A rejection before the stream started: a GraphQL result in JSON.
    let parsed: unknown;
    try {
      parsed = JSON.parse(outcome.raw);
      problems.push(...resultProblems(parsed));
    } catch {
      problems.push(
        `HTTP ${status} (${outcome.contentType ?? 'no content-type'}) neither a stream nor JSON: ${JSON.stringify(outcome.raw.slice(0, 200))}`,
      );
    }
    problems.push(...leakProblems(outcome.raw, parsed, echo, secrets));
    return problems;
  }
  if (outcome.first === null) {
    if (!outcome.silent) {
      problems.push('the stream ended without an event');
    } else if (!options.silenceAllowed) {
      problems.push(`no event within ${outcome.elapsedMs} ms (hung)`);
    }
    return [...problems, ...leakProblems(outcome.raw, undefined, echo, secrets)];
  }
  const { event, data } = outcome.first;
  if (event === 'next') {
    try {
      const parsed = JSON.parse(data) as unknown;
      problems.push(...resultProblems(parsed), ...leakProblems(outcome.raw, parsed, echo, secrets));
    } catch {
      problems.push(
        `an "event: next" whose data is not JSON: ${JSON.stringify(data.slice(0, 200))}`,
      );
    }
  } else if (event === 'complete') {
    problems.push('the stream completed without a result or an error');
  } else {
    problems.push(`an unexpected first event "${event}": ${JSON.stringify(data.slice(0, 200))}`);
  }
  return problems;
}
