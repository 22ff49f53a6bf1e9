/**
 * WebSocket close codes the gateway sends besides graphql-ws's own `CloseCode`s. Both are in the
 * graphql-ws client's retry list, so clients reconnect and resume by cursor.
 */
export const RetryableClose = {
  /** The gateway is shutting down or restarting. */
  ServiceRestart: 1012,
  /** The subscriber fell too far behind (its buffer overflowed); reconnect and resume. */
  TryAgainLater: 1013,
} as const;

/**
 * Abuse closes: the graphql-ws client treats 1008 as fatal, so a misbehaving client stops instead
 * of reconnecting into the same limit (reliability.md W6).
 */
export const PolicyClose = {
  PolicyViolation: 1008,
} as const;
