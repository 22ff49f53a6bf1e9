import type { Component } from 'solid-js';
import type { ConnectionState } from '../lib/connection';

const TEXT: Record<ConnectionState, { label: string; hint: string }> = {
  connecting: { label: 'connecting', hint: 'Opening the live connection to the gateway' },
  live: { label: 'live', hint: 'Events arrive as they happen' },
  reconnecting: {
    label: 'reconnecting',
    hint: 'Connection lost; retrying. Missed events will be replayed.',
  },
  idle: { label: 'idle', hint: 'No live view open' },
  stale: { label: 'stale', hint: 'Wawp is unreachable; showing the last known state' },
  rejected: { label: 'key rejected', hint: 'The gateway rejected the key; sign in again' },
  disconnected: {
    label: 'disconnected',
    hint: 'The gateway closed the connection; reload to retry',
  },
};

/**
 * "live / reconnecting / stale" as text with an accessible label. Deliberately not
 * `role="status"`: that role is reserved for the session status on each screen.
 */
export const ConnectionIndicator: Component<{ state: ConnectionState }> = (props) => (
  <span
    class={`connection connection-${props.state}`}
    data-state={props.state}
    aria-live="polite"
    aria-atomic="true"
    title={TEXT[props.state].hint}
  >
    <span class="dot" aria-hidden="true" />
    <span class="sr-only">Connection: </span>
    {TEXT[props.state].label}
  </span>
);
