import type { WebSocket } from 'ws';

/**
 * One `AbortSignal` per graphql-ws operation, aborted when the operation completes (the client
 * sent `complete`, or the result was sent) or its socket closes: what the operation still waits
 * for upstream is then cancelled, as an HTTP request's signal does when its client goes.
 */
export function createOperationSignals() {
  const bySocket = new WeakMap<WebSocket, Map<string, AbortController>>();

  return {
    /** The signal of operation `id` on `socket` (a new one if `id` is reused). */
    open(socket: WebSocket, id: string): AbortSignal {
      let operations = bySocket.get(socket);
      if (!operations) {
        const created = new Map<string, AbortController>();
        operations = created;
        bySocket.set(socket, created);
        socket.once('close', () => {
          for (const controller of created.values()) {
            controller.abort(new Error('the graphql-ws socket closed'));
          }
          created.clear();
        });
      }
      operations.get(id)?.abort(new Error('the graphql-ws operation id was reused'));
      const controller = new AbortController();
      operations.set(id, controller);
      return controller.signal;
    },
    /** Operation `id` on `socket` is over. */
    end(socket: WebSocket, id: string): void {
      const operations = bySocket.get(socket);
      operations?.get(id)?.abort(new Error('the graphql-ws operation completed'));
      operations?.delete(id);
    },
  };
}
