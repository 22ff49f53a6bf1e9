import { ErrorCode, gatewayError, type SchemaContext } from '@wawp-gateway/schema';
import type { Plugin } from 'graphql-yoga';
import { type StreamRegistry, toStreamKey } from './stream-registry';

/**
 * Counts every SSE subscription against its key's streams (graphql-ws sockets count
 * themselves, in `attach-graphql-ws.ts`): past the cap the request gets HTTP 429 with
 * `RATE_LIMITED`, and a stream releases its place when it ends. Revoking a key ends its SSE
 * streams through the event hub (a final `UNAUTHENTICATED`), not through the registry.
 */
export function useSseStreamCap(streams: Pick<StreamRegistry, 'open'>): Plugin {
  return {
    onSubscribe({ args, setResultAndStopExecution }) {
      const context = args.contextValue as unknown as SchemaContext & { request?: Request };
      // graphql-ws subscriptions carry a socket (and its revocation hook); SSE ones a request
      if (context.onKeyRevoked || !context.request || !context.viewer) {
        return;
      }
      const release = streams.open(toStreamKey(context.viewer), null);
      if (!release) {
        setResultAndStopExecution({
          errors: [
            gatewayError(ErrorCode.RateLimited, 'Too many open streams for this key', {
              retryAfterMs: 5_000,
            }),
          ],
        });
        return;
      }
      let released = false;
      const once = () => {
        if (!released) {
          released = true;
          release();
        }
      };
      return {
        onSubscribeResult: () => ({ onEnd: once }),
        onSubscribeError: once,
      };
    },
  };
}
