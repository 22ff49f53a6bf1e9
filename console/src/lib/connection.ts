import { CloseCode, FATAL_PROTOCOL_CLOSE_CODES } from '@wawp-gateway/schema/protocol';
import { createContext, createSignal, useContext } from 'solid-js';

/** The socket as the indicator shows it. `stale` overlays `live` when Wawp is unreachable. */
export type ConnectionState =
  | 'connecting'
  | 'live'
  | 'reconnecting'
  | 'idle'
  | 'stale'
  | 'rejected'
  | 'disconnected';

/**
 * Tracks the graphql-ws socket through its `on` events, plus upstream health reported by
 * `UpstreamHealthChanged`. Pass `socketEvents` to `createUrqlClient`.
 */
export function createConnectionTracker() {
  const [socket, setSocket] = createSignal<ConnectionState>('idle');
  const [healthy, setHealthy] = createSignal(true);
  // a socket lost without a normal close is "reconnecting" until it is back, retry or not
  let dropped = false;
  return {
    state: (): ConnectionState => (socket() === 'live' && !healthy() ? 'stale' : socket()),
    reportHealth: (value: boolean) => setHealthy(value),
    socketEvents: {
      connecting: (isRetry: boolean) =>
        setSocket(isRetry || dropped ? 'reconnecting' : 'connecting'),
      connected: () => {
        dropped = false;
        setSocket('live');
      },
      closed: (event: unknown) => {
        const code = (event as { code?: number } | null)?.code;
        dropped = code !== CloseCode.Normal;
        if (code === CloseCode.Forbidden) {
          // graphql-ws would retry a refused key; the console stops (see `createUrqlClient`)
          setSocket('rejected');
        } else if (code === CloseCode.Normal) {
          // lazy close once the last subscription ended: nothing is wrong
          setSocket('idle');
        } else {
          setSocket(
            code !== undefined && FATAL_PROTOCOL_CLOSE_CODES.has(code)
              ? 'disconnected'
              : 'reconnecting',
          );
        }
      },
    },
  };
}

export type ConnectionTracker = ReturnType<typeof createConnectionTracker>;

export const ConnectionContext = createContext<ConnectionTracker>();

/** The tracker of the current client; throws outside `ConnectionContext.Provider`. */
export function useConnection(): ConnectionTracker {
  const tracker = useContext(ConnectionContext);
  if (!tracker) {
    throw new Error('useConnection must be used under ConnectionContext.Provider');
  }
  return tracker;
}
