/** Request limits applied on both transports (the README's Limits table lists them). */
export const LIMITS = {
  /** Max selection depth; the deepest console query (tenants → instances → session → me) is 5. */
  depth: 8,
  /** Max aliases per operation; each alias of one instance still costs one upstream call. */
  aliases: 10,
  /** Max tokens per document; GraphiQL's introspection query needs about 700. */
  tokens: 2_000,
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
} as const;
