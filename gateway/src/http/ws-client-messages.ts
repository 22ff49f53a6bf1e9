import { CloseCode } from '@wawp-gateway/schema/protocol';
import type { WebSocket } from 'ws';

/** The message types a client may send in graphql-transport-ws. */
export const CLIENT_MESSAGE_TYPES: ReadonlySet<string> = new Set([
  'connection_init',
  'ping',
  'pong',
  'subscribe',
  'complete',
]);

/**
 * The `type` of a message a client may not send (`connection_ack`, `next`, `error`, or any other
 * string), or `null`: for a client's types, and for anything that is not a JSON object with a
 * string `type`, which graphql-ws itself refuses with 4400.
 */
export function refusedMessageType(data: unknown): string | null {
  let message: unknown;
  try {
    message = JSON.parse(String(data));
  } catch {
    return null;
  }
  const type =
    typeof message === 'object' && message !== null && !Array.isArray(message)
      ? (message as { type?: unknown }).type
      : undefined;
  return typeof type === 'string' && !CLIENT_MESSAGE_TYPES.has(type) ? type : null;
}

/**
 * Closes with 4400 (bad request) a socket whose client sends a message of a type only a server
 * may send; graphql-ws would throw on it and close with 4500, which reads as the gateway failing.
 * The message never reaches graphql-ws. Wraps `ws.emit` like the message rate limit does.
 */
export function refuseServerMessages(ws: WebSocket): void {
  const emit = ws.emit.bind(ws);
  ws.emit = ((event: string | symbol, ...args: unknown[]) => {
    if (event === 'message') {
      const type = refusedMessageType(args[0]);
      if (type !== null) {
        ws.close(CloseCode.BadRequest, 'Invalid message type for a client');
        return false;
      }
    }
    return emit(event, ...args);
  }) as WebSocket['emit'];
}
