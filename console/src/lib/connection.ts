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

/** graphql-ws close codes after which its client gives up (besides 4403, which we make fatal). */
const FATAL_CLOSE_CODES = new Set([4004, 4005, 4400, 4401, 4406, 4409, 4429, 4500]);

/** Close code of an expired or unknown key; graphql-ws would retry it, the console does not. */
export const KEY_REJECTED_CLOSE_CODE = 4403;

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
        dropped = code !== 1000;
        if (code === KEY_REJECTED_CLOSE_CODE) {
          setSocket('rejected');
        } else if (code === 1000) {
          // lazy close once the last subscription ended: nothing is wrong
          setSocket('idle');
        } else {
          setSocket(
            code !== undefined && FATAL_CLOSE_CODES.has(code) ? 'disconnected' : 'reconnecting',
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
