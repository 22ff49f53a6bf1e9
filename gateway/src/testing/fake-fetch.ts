/** @private One call the fake saw, with the JSON body parsed. */
export interface FakeCall {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
  /** `Date.now()` when the call arrived (fake timers apply). */
  at: number;
  signal: AbortSignal | undefined;
}

/** @private What a fake handler answers: a response, a thrown transport error, or `'hang'`. */
export type FakeAnswer = Response | Error | 'hang';

/** @private A JSON response. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  return new Response(status === 204 ? null : text, {
    status,
    headers: { 'content-type': 'application/json', ...headers },
  });
}

/** @private A transport error shaped like undici's (`TypeError('fetch failed')` with a coded cause). */
export function networkError(code: string): Error {
  const cause = Object.assign(new Error(`socket ${code}`), { code });
  return new TypeError('fetch failed', { cause });
}

/**
 * @private An injectable `fetch` for unit tests: records every call and answers with `handler`.
 * `'hang'` never answers and rejects only when the request's signal aborts.
 */
export function createFakeFetch(
  handler: (call: FakeCall, n: number) => FakeAnswer | Promise<FakeAnswer>,
) {
  const calls: FakeCall[] = [];
  const fetch = async (input: string | URL | Request, init: RequestInit = {}) => {
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const raw = typeof init.body === 'string' ? init.body : null;
    const call: FakeCall = {
      url: String(input),
      method: init.method ?? 'GET',
      headers,
      body: raw === null ? null : JSON.parse(raw),
      at: Date.now(),
      signal: init.signal ?? undefined,
    };
    calls.push(call);
    const answer = await handler(call, calls.length);
    if (answer === 'hang') {
      return new Promise<Response>((_, reject) => {
        const signal = call.signal;
        if (signal?.aborted) {
          reject(signal.reason);
        }
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true });
      });
    }
    if (answer instanceof Error) {
      throw answer;
    }
    return answer;
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}
