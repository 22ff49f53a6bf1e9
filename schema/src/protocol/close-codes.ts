/**
 * WebSocket close codes of the gateway's graphql-ws endpoint, in one table for the gateway, the
 * console and tests. Codes graphql-ws defines itself (4400, 4401, 4403, 4408, 4409, 4429, 4500)
 * are sent by its server; the others are sent by the gateway.
 * @see https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
 */
export const CloseCode = {
  /** A normal close, e.g. the client's lazy close after its last subscription ended. */
  Normal: 1000,
  /** Too many subscriptions or messages on one socket. Fatal in graphql-ws's client: no retry storm. */
  PolicyViolation: 1008,
  /** A message over the size limit. */
  MessageTooBig: 1009,
  /** The gateway is shutting down or restarting: reconnect and resume by cursor. */
  ServiceRestart: 1012,
  /** The subscriber fell too far behind, or the gateway could not authorize for now: reconnect. */
  TryAgainLater: 1013,
  /** graphql-ws: a malformed message. */
  BadRequest: 4400,
  /** graphql-ws: a subscribe before the connection was acknowledged. */
  Unauthorized: 4401,
  /** graphql-ws: the key was refused (unknown, revoked); the console does not retry it. */
  Forbidden: 4403,
  /** graphql-ws: no `connection_init` in time. */
  ConnectionInitialisationTimeout: 4408,
  /** graphql-ws: a subscription id already in use on the socket. */
  SubscriberAlreadyExists: 4409,
  /** graphql-ws: a second `connection_init`. */
  TooManyInitialisationRequests: 4429,
  /** graphql-ws: an internal server error. */
  InternalServerError: 4500,
  /** graphql-ws client: the server's answer made no sense. */
  BadResponse: 4004,
  /** graphql-ws client: its own internal error. */
  InternalClientError: 4005,
  /** graphql-ws client: the server did not accept `graphql-transport-ws`. */
  SubprotocolNotAcceptable: 4406,
} as const;
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

/**
 * The graphql-ws protocol closes after which its client gives up. 4403 is not among them (the
 * client retries it; the console stops on it itself), and the client also stops on 1008 and
 * 1009, as on every 1xxx code but 1000, 1001, 1005, 1006, 1012, 1013 and 1014.
 */
export const FATAL_PROTOCOL_CLOSE_CODES: ReadonlySet<number> = new Set([
  CloseCode.BadResponse,
  CloseCode.InternalClientError,
  CloseCode.BadRequest,
  CloseCode.Unauthorized,
  CloseCode.SubprotocolNotAcceptable,
  CloseCode.SubscriberAlreadyExists,
  CloseCode.TooManyInitialisationRequests,
  CloseCode.InternalServerError,
]);
