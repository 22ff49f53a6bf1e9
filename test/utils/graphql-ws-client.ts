import type { FormattedExecutionResult } from 'graphql';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { createDeferred } from './leftovers';

/** What one graphql-ws operation ended with: its first result, or the socket's close code. */
export type WsOutcome =
  | { kind: 'result'; result: FormattedExecutionResult; closeCode: null }
  | { kind: 'closed'; result: null; closeCode: number; reason: string };

export interface WsConnection {
  client: Client;
  /** Resolves with the close code once the socket closes. */
  closed: Promise<{ code: number; reason: string }>;
  dispose(): Promise<void>;
}

/** The ws endpoint of a gateway `http://…` URL. */
export const toWsUrl = (url: string) => `${url.replace(/^http/, 'ws')}/graphql`;

/**
 * A graphql-ws client (Node 20 has no global WebSocket) that connects at once, never retries and
 * records how its socket closed. `authorization` goes in `connectionParams.authorization`.
 */
export function connectWs(
  url: string,
  authorization: string | null,
  /** Another endpoint (`/connect/graphql`) and headers of the upgrade request (a cookie). */
  options: { path?: string; headers?: Record<string, string> } = {},
): WsConnection {
  const closed = createDeferred<{ code: number; reason: string }>();
  const { headers } = options;
  const client = createClient({
    url: options.path ? `${url.replace(/^http/, 'ws')}${options.path}` : toWsUrl(url),
    webSocketImpl: headers
      ? class extends WebSocket {
          constructor(address: string, protocols?: string | string[]) {
            super(address, protocols, { headers });
          }
        }
      : WebSocket,
    connectionParams: authorization === null ? {} : { authorization },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => {},
    on: {
      closed: (event) => {
        const { code, reason } = event as { code: number; reason: string };
        closed.resolve({ code, reason: String(reason) });
      },
    },
  });
  return {
    client,
    closed: closed.promise,
    dispose: async () => {
      await client.dispose();
    },
  };
}

const closeOf = (error: unknown) =>
  typeof error === 'object' && error !== null && 'code' in error
    ? {
        code: Number((error as { code: unknown }).code),
        reason: String((error as { reason?: unknown }).reason ?? ''),
      }
    : null;

/**
 * Runs one operation (a query, a mutation, or the start of a subscription) and returns its first
 * result, unsubscribing afterwards; or the close code if the socket closed instead.
 */
export async function wsFirst(
  connection: WsConnection,
  query: string,
  variables: Record<string, unknown> = {},
  timeoutMs = 15_000,
): Promise<WsOutcome> {
  const iterator = connection.client.iterate({ query, variables });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(
      () => reject(new Error(`No graphql-ws answer in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    const next = await Promise.race([iterator.next(), timeout]);
    if (next.done) {
      const close = await Promise.race([connection.closed, timeout]);
      return { kind: 'closed', result: null, closeCode: close.code, reason: close.reason };
    }
    return { kind: 'result', result: next.value as FormattedExecutionResult, closeCode: null };
  } catch (error) {
    const close = closeOf(error);
    if (close) {
      return { kind: 'closed', result: null, closeCode: close.code, reason: close.reason };
    }
    if (Array.isArray(error)) {
      // graphql-ws delivers `error` messages (validation, onSubscribe) as an array of errors.
      return { kind: 'result', result: { errors: error }, closeCode: null };
    }
    throw error;
  } finally {
    clearTimeout(timer);
    void iterator.return?.();
  }
}
