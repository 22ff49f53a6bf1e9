/** Request limits applied on both transports (the README's Limits table lists them). */
export const LIMITS = {
  /** Max selection depth; the deepest console query (tenants → instances → session → me) is 5. */
  depth: 8,
  /** Max aliases per operation; each alias of one instance still costs one upstream call. */
  aliases: 10,
  /** Max tokens per document; GraphiQL's introspection query needs about 700. */
  tokens: 2_000,
  /**
   * Max nesting of `{`, `[` and `(` in a document, checked on its text before it is parsed: far
   * above {@link LIMITS.depth}, low enough that no parser or limit plugin recurses deep enough to
   * overflow the stack (a 4 KB literal nested 2,000 levels did).
   */
  nesting: 64,
  /** Max HTTP body on `/graphql`. @default 65_536 // 64 KiB */
  bodyBytes: 64 * 1024,
  /** Max webhook body on `/webhooks/wawp`. @default 262_144 // 256 KiB */
  webhookBodyBytes: 256 * 1024,
  /** Max graphql-ws message size. @default 65_536 // 64 KiB */
  wsPayloadBytes: 64 * 1024,
  /** Subscriptions one socket may hold at once; one more closes it with 1008. */
  subscriptionsPerSocket: 20,
  /** graphql-ws messages a socket may send per second, sustained; faster closes it with 1008. */
  wsMessagesPerSecond: 20,
  /** graphql-ws messages a socket may send at once (init plus every subscription, with room). */
  wsMessageBurst: 40,
  /**
   * WebSocket sockets one client address may hold before `connection_init` is acknowledged;
   * one more is refused with 429 at the upgrade.
   */
  wsHandshakesPerAddress: 20,
  /**
   * Time a client has to send a request's headers (node:http `headersTimeout`; Node's default is
   * 60 s): a slowloris client that never finishes them gets 408 and is disconnected.
   * @default 10_000 // 10 s
   */
  headersTimeoutMs: 10_000,
  /**
   * Time a client has to send a whole request, headers and body (node:http `requestTimeout`;
   * Node's default is 300 s). It ends once the request is received, so SSE responses and
   * WebSocket sockets stay open as long as they like. @default 30_000 // 30 s
   */
  requestTimeoutMs: 30_000,
  /**
   * An idle keep-alive connection is closed after this (node:http `keepAliveTimeout`).
   * @default 5_000 // 5 s
   */
  keepAliveTimeoutMs: 5_000,
  /**
   * How often node:http checks the two timeouts above (`connectionsCheckingInterval`; Node's
   * default is 30 s, which would stretch a 10 s headers timeout to up to 40 s).
   * @default 1_000 // 1 s
   */
  timeoutCheckIntervalMs: 1_000,
} as const;
