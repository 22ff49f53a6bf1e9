import {
  Client,
  cacheExchange,
  type ExecutionResult,
  fetchExchange,
  mapExchange,
  subscriptionExchange,
} from '@urql/core';
import { CloseCode, ErrorCode, hasErrorCode } from '@wawp-gateway/schema/protocol';
import { createClient as createWsClient, type Sink } from 'graphql-ws';
import type { ConsoleConfig } from './config';
import { trackResumeCursor } from './resume';

/** What `createUrqlClient` needs besides the URLs. */
export interface UrqlClientOptions extends ConsoleConfig {
  /**
   * The gateway key: sent as a header and in `connectionParams`, never in a URL. Without one the
   * client relies on the browser's same-origin cookies (the connect page).
   */
  key?: string;
  /** graphql-ws lifecycle listeners, e.g. `createConnectionTracker().socketEvents`. */
  socketEvents?: {
    connecting?: (isRetry: boolean) => void;
    connected?: () => void;
    closed?: (event: unknown) => void;
  };
  /** Called once the gateway rejects the key (`UNAUTHENTICATED` or `CloseCode.Forbidden`). */
  onKeyRejected?: () => void;
  /** For tests on Node; browsers use the global `WebSocket`. */
  webSocketImpl?: unknown;
  /** For tests; browsers use the global `fetch`. */
  fetch?: typeof fetch;
}

/** Reconnect back-off: 1, 2, 4, 8 s then every 10 s, each plus up to 1 s of jitter. */
const retryWait = (retries: number) =>
  new Promise<void>((resolve) =>
    setTimeout(resolve, Math.min(10_000, 1_000 * 2 ** retries) + Math.random() * 1_000),
  );

const closeCodeOf = (event: unknown) => (event as { code?: unknown } | null)?.code;

/**
 * Builds the console's urql client: queries and mutations over HTTP, subscriptions over one lazy
 * graphql-ws socket that retries forever except after `CloseCode.Forbidden`. `dispose()` closes
 * the socket.
 */
export function createUrqlClient(options: UrqlClientOptions) {
  const ws = createWsClient({
    url: options.wsUrl,
    lazy: true,
    lazyCloseTimeout: 3_000, // keep the socket across route changes
    retryAttempts: Number.POSITIVE_INFINITY,
    retryWait,
    // graphql-ws retries `Forbidden` by default; a rejected key will not become valid by waiting
    shouldRetry: (event) => closeCodeOf(event) !== CloseCode.Forbidden,
    connectionParams: () => (options.key ? { authorization: `Bearer ${options.key}` } : {}),
    on: {
      ...options.socketEvents,
      closed(event) {
        options.socketEvents?.closed?.(event);
        if (closeCodeOf(event) === CloseCode.Forbidden) {
          options.onKeyRejected?.();
        }
      },
    },
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
  });
  const client = new Client({
    url: options.httpUrl,
    // POST only: operations stay out of URLs (and out of access logs)
    preferGetMethod: false,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    fetchOptions: () => ({
      headers: {
        ...(options.key ? { authorization: `Bearer ${options.key}` } : {}),
        'x-graphql-csrf': '1',
      },
    }),
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => hasErrorCode(e, ErrorCode.Unauthenticated))) {
            options.onKeyRejected?.();
          }
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const payload = {
            ...request,
            query: request.query || '',
            variables: { ...request.variables },
          };
          return {
            subscribe(sink) {
              const forward: Sink<ExecutionResult> = {
                next(result) {
                  trackResumeCursor(payload.variables, result);
                  sink.next(result);
                },
                error: (error) => sink.error(error),
                complete: () => sink.complete(),
              };
              return { unsubscribe: ws.subscribe(payload, forward) };
            },
          };
        },
      }),
    ],
  });
  return { client, dispose: () => ws.dispose() };
}
