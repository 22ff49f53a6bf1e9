import { isErrorBody, toFailure } from './decode-error';
import { WawpError, type WawpErrorKind } from './errors';
import { BodyTooLargeError, readCappedText } from './read-body';
import type { WawpRequest } from './requests';

/** What `onRequest` receives for every HTTP attempt and every fast rejection. Never the token. */
export interface WawpRequestEvent {
  method: string;
  route: string;
  instanceId: string | null;
  /** The HTTP status, or `null` when no response arrived (timeout, reset, fast rejection). */
  status: number | null;
  durationMs: number;
  error?: WawpErrorKind;
}

/** @private Settings of {@link createSend}, already defaulted by the client. */
export interface SendOptions {
  baseUrl: string;
  accessToken: string;
  fetch: typeof fetch;
  readMs: number;
  actionMs: number;
  maxBodyBytes: number;
  onRequest?: (event: WawpRequestEvent) => void;
}

/** Network error codes (undici puts them on `cause.code`), used as the error `code`. */
function networkCode(error: unknown): string {
  const cause =
    error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined;
  return typeof cause?.code === 'string' ? cause.code : 'network_error';
}

/**
 * Builds the one IO function of the client. `send(request, signal)` performs a single attempt:
 * it adds the `access-token` header, applies the per-attempt deadline (`AbortSignal.timeout`,
 * read or action), reads at most `maxBodyBytes`, parses JSON and resolves to the parsed body
 * (`null` for an empty body). It throws a {@link WawpError} for every failure, including a 2xx
 * that carries an error. It never retries.
 */
export function createSend(o: SendOptions) {
  const base = o.baseUrl.replace(/\/+$/, '');

  async function attempt(req: WawpRequest, signal: AbortSignal | undefined) {
    const budget = req.idempotent ? o.readMs : o.actionMs;
    const deadline = AbortSignal.timeout(budget);
    const combined = signal ? AbortSignal.any([deadline, signal]) : deadline;
    const query = new URLSearchParams(req.query).toString();
    const headers: Record<string, string> = {
      accept: 'application/json',
      'access-token': o.accessToken,
    };
    if (req.body !== null) {
      headers['content-type'] = 'application/json';
    }
    const init: RequestInit = { method: req.method, headers, signal: combined };
    if (req.body !== null) {
      init.body = JSON.stringify(req.body);
    }
    let res: Response;
    let text: string;
    try {
      res = await o.fetch(`${base}${req.path}${query ? `?${query}` : ''}`, init);
      text = await readCappedText(res, o.maxBodyBytes);
    } catch (error) {
      const fail = (kind: WawpErrorKind, code: string, message: string) =>
        new WawpError({ kind, route: req.route, code, message: `Wawp ${req.route} ${message}` });
      if (error instanceof BodyTooLargeError) {
        throw fail('bad_response', 'body_too_large', `returned more than ${o.maxBodyBytes} bytes`);
      }
      if (signal?.aborted) {
        throw fail('timeout', 'aborted', 'was aborted by the caller');
      }
      if (deadline.aborted) {
        throw fail('timeout', 'timeout', `timed out after ${budget} ms`);
      }
      const code = networkCode(error);
      throw fail('upstream', code, `connection failed (${code})`);
    }
    let body: unknown;
    let json = true;
    try {
      body = text.trim() === '' ? null : JSON.parse(text);
    } catch {
      json = false;
    }
    const failure = { route: req.route, httpStatus: res.status, secret: o.accessToken };
    const retryAfter = res.headers.get('retry-after');
    if (!res.ok) {
      throw toFailure({ ...failure, body: json ? body : undefined, retryAfter });
    }
    if (!json) {
      const type = (res.headers.get('content-type') ?? 'none').split(';')[0];
      throw new WawpError({
        route: req.route,
        httpStatus: res.status,
        kind: 'bad_response',
        code: 'malformed_body',
        message: `Wawp ${req.route} returned a body that is not JSON (content-type ${type})`,
      });
    }
    if (isErrorBody(body)) {
      throw toFailure({ ...failure, body, retryAfter });
    }
    return { status: res.status, body };
  }

  return async function send(req: WawpRequest, signal?: AbortSignal): Promise<unknown> {
    const started = performance.now();
    const report = (status: number | null, error?: WawpErrorKind) => {
      try {
        o.onRequest?.({
          method: req.method,
          route: req.route,
          instanceId: req.instanceId,
          status,
          durationMs: performance.now() - started,
          ...(error ? { error } : {}),
        });
      } catch {
        // A failing metrics hook must not change the outcome of the call.
      }
    };
    try {
      const result = await attempt(req, signal);
      report(result.status);
      return result.body;
    } catch (error) {
      const e = error as WawpError;
      report(e.httpStatus ?? null, e.kind);
      throw error;
    }
  };
}
