import { describe, expect, it } from 'vitest';
import { refusedMessageType } from './ws-client-messages';

describe('refusedMessageType', () => {
  it('refuses the types only a server sends, and unknown ones', () => {
    for (const type of ['connection_ack', 'next', 'error', 'Subscribe', '']) {
      expect(refusedMessageType(Buffer.from(JSON.stringify({ type, id: '1', payload: {} })))).toBe(
        type,
      );
    }
  });

  it("passes a client's types, and leaves what is not a typed object to graphql-ws", () => {
    for (const type of ['connection_init', 'ping', 'pong', 'subscribe', 'complete']) {
      expect(refusedMessageType(JSON.stringify({ type }))).toBeNull();
    }
    for (const data of ['{nope', '[]', 'null', '"next"', '{"type":1}', '{}']) {
      expect(refusedMessageType(data)).toBeNull();
    }
  });
});
