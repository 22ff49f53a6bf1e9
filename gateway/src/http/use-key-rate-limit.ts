import { ErrorCode, gatewayError } from '@wawp-gateway/schema';
import type { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';
import { type KeyRateLimit, toBucketKey } from './key-rate-limit';

/** Options of {@link useKeyRateLimit}. */
export interface KeyRateLimitPluginOptions {
  /** The buckets, from `createKeyRateLimit`. */
  limit: KeyRateLimit;
  /** True for the admin key; the caller compares in constant time. */
  isAdmin(authorization: string | null): boolean;
  /**
   * The client address that buckets callers without a key; by default the socket's remote
   * address from node:http's server context (`{ req }`).
   */
  clientAddress?(request: Request, serverContext: unknown): string | null;
}

/**
 * The `RATE_LIMITED` error, `extensions.retryAfterMs` the wait in milliseconds. Return it as
 * `[rateLimitedSubscribeError(ms)]` from graphql-ws `onSubscribe`: the client gets an `error`
 * message for that operation and the socket stays open.
 */
export function rateLimitedSubscribeError(retryAfterMs: number): GraphQLError {
  return gatewayError(
    ErrorCode.RateLimited,
    `Too many requests for this key; retry after ${retryAfterMs} ms`,
    { retryAfterMs },
  );
}

/** `Retry-After` in whole seconds, at least 1. */
export function retryAfterSeconds(retryAfterMs: number): number {
  return Math.max(1, Math.ceil(retryAfterMs / 1_000));
}

/** The 429 answer: `Retry-After` and a GraphQL-shaped body with the `RATE_LIMITED` error. */
export function rateLimitedResponse(
  fetchAPI: { Response: typeof Response },
  retryAfterMs: number,
): Response {
  const error = rateLimitedSubscribeError(retryAfterMs);
  const body = {
    errors: [{ message: error.message, extensions: { code: error.extensions.code, retryAfterMs } }],
  };
  return fetchAPI.Response.json(body, {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds(retryAfterMs)) },
  });
}

const socketAddress = (serverContext: unknown): string | null =>
  (serverContext as { req?: { socket?: { remoteAddress?: string } } } | null)?.req?.socket
    ?.remoteAddress ?? null;

/**
 * Takes one token per GraphQL request over HTTP (queries, mutations, SSE subscriptions over GET
 * or POST, a batch as one) from the bucket of the presented key; past the budget the request ends
 * with 429 before it is parsed or executed.
 *
 * It counts in `onRequestParse`, which yoga runs only for requests it is about to handle as
 * GraphQL: every route answered in `onRequest` (`/healthz`, `/readyz`, `/metrics`,
 * `/webhooks/wawp`, CORS preflights, GraphiQL, yoga's 404 for other paths) never reaches it, and
 * static files never reach yoga. graphql-ws `subscribe` messages are counted by the caller in
 * `onSubscribe` with the same `limit` and {@link rateLimitedSubscribeError}.
 */
export function useKeyRateLimit(options: KeyRateLimitPluginOptions): Plugin {
  const addressOf = options.clientAddress ?? ((_request, context) => socketAddress(context));
  return {
    onRequestParse({ request, serverContext, fetchAPI, endResponse }) {
      const authorization = request.headers.get('authorization');
      const bucketKey = toBucketKey(authorization, addressOf(request, serverContext));
      const taken = options.limit.take(bucketKey, options.isAdmin(authorization));
      if (!taken.ok) {
        endResponse(rateLimitedResponse(fetchAPI, taken.retryAfterMs));
      }
    },
  };
}
