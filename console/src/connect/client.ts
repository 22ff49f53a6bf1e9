import { createUrqlClient } from '../lib/urql';

/** How the connect flow reaches `/connect/graphql`. */
export interface ConnectClientOptions {
  origin: string;
  /** The link token (the widget, on another origin); without it the cookie is the credential. */
  bearer?: string;
  /** The server ended the stream (4403) or refused the credential: re-check the link. */
  onLinkEnded: () => void;
  /** The widget passes its injected fetch; without one urql uses the browser's. */
  fetch?: typeof fetch;
  /** For tests. */
  webSocketImpl?: unknown;
}

/**
 * The console's urql client (POST only, one lazy graphql-ws socket, resume by cursor), pointed at
 * the connect endpoint with the link's credential instead of a gateway key.
 */
export function createConnectClient(options: ConnectClientOptions) {
  const http = new URL('/connect/graphql', options.origin);
  const ws = new URL(http.href);
  ws.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';
  return createUrqlClient({
    httpUrl: http.href,
    wsUrl: ws.href,
    ...(options.bearer ? { key: options.bearer } : {}),
    onKeyRejected: options.onLinkEnded,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
  });
}
