/** Where the console finds the gateway. Same origin by default: the gateway serves the console. */
export interface ConsoleConfig {
  /** GraphQL over HTTP. @default `${location.origin}/graphql` */
  httpUrl: string;
  /** graphql-ws on the same path: `ws:` or `wss:` following the page's protocol. */
  wsUrl: string;
}

/** The only reader of `import.meta.env`; `VITE_GRAPHQL_PATH` overrides the path. */
export function loadConfig(
  env: Pick<ImportMetaEnv, 'VITE_GRAPHQL_PATH'> = import.meta.env,
  origin: string = window.location.origin,
): ConsoleConfig {
  const http = new URL(env.VITE_GRAPHQL_PATH || '/graphql', origin);
  const ws = new URL(http.href);
  ws.protocol = http.protocol === 'https:' ? 'wss:' : 'ws:';
  return { httpUrl: http.href, wsUrl: ws.href };
}
