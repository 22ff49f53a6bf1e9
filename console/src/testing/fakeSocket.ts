import { CloseCode } from '@wawp-gateway/schema/protocol';

/** A WebSocket stand-in for graphql-ws: acknowledges `connection_init` unless told to reject. */
export class FakeSocket {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSING = 2;
  static readonly CLOSED = 3;
  static instances: FakeSocket[] = [];
  /** Close code to answer `connection_init` with instead of an ack (e.g. `CloseCode.Forbidden`). */
  static rejectWith: number | null = null;

  readyState = FakeSocket.CONNECTING;
  sent: { type: string; id?: string; payload?: Record<string, unknown> }[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: string }) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;

  constructor(
    readonly url: string,
    readonly protocol: string,
  ) {
    FakeSocket.instances.push(this);
    queueMicrotask(() => {
      this.readyState = FakeSocket.OPEN;
      this.onopen?.({});
    });
  }

  send(data: string) {
    const message = JSON.parse(data);
    this.sent.push(message);
    if (message.type === 'connection_init') {
      queueMicrotask(() =>
        FakeSocket.rejectWith === null
          ? this.receive({ type: 'connection_ack' })
          : this.close(FakeSocket.rejectWith, 'Forbidden'),
      );
    }
  }

  /** A message from the server. */
  receive(message: Record<string, unknown>) {
    this.onmessage?.({ data: JSON.stringify(message) });
  }

  close(code: number = CloseCode.Normal, reason = '') {
    if (this.readyState === FakeSocket.CLOSED) {
      return;
    }
    this.readyState = FakeSocket.CLOSED;
    this.onclose?.({ code, reason, wasClean: code === CloseCode.Normal });
  }

  /** The `subscribe` messages this socket carried. */
  subscribes() {
    return this.sent.filter((message) => message.type === 'subscribe');
  }
}
