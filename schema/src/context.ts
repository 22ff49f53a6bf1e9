import type { NotificationsPort } from './notifications-port';
import type { DirectoryPort, EventsPort, SessionsPort, Viewer } from './ports';
import { withUpstreamBudget } from './upstream-budget';

/** The long-lived services a context is built from; the gateway creates them once. */
export interface SchemaPorts {
  sessions: SessionsPort;
  directory: DirectoryPort;
  events: EventsPort;
  notifications: NotificationsPort;
}

/**
 * What every resolver receives: the caller and the ports.
 *
 * Build a **new object per request** (and per graphql-ws subscription): the DataLoaders of
 * `@pothos/plugin-dataloader` and the scope-auth cache are keyed on the context object, so a
 * shared context would share cached session reads and authorisation results between callers.
 */
export interface SchemaContext extends SchemaPorts {
  /** `null` when no key, an unknown key or a revoked key was presented. */
  viewer: Viewer | null;
  /**
   * Set by a transport that can ask a client to reconnect (graphql-ws): passed to
   * `EventsPort.subscribe` as `onOverflow`, so that a `sessionEvents` subscriber whose buffer
   * overflowed is closed with a retryable code and resumes by cursor. Unset = the stream just ends.
   */
  onEventsOverflow?: () => void;
  /**
   * Set by a transport that holds a connection for a key (graphql-ws): passed to
   * `EventsPort.subscribe` as `onRevoked`, so that revoking the key closes it (4403).
   */
  onKeyRevoked?: () => void;
  /**
   * The cursor a reconnecting SSE client sent as `Last-Event-ID`: `sessionEvents` resumes after
   * it when `after` is not given.
   */
  lastEventId?: string | null;
  /** Aborted when this operation's client has gone; its pending Wawp calls are cancelled. */
  signal?: AbortSignal;
}

/**
 * Builds a fresh {@link SchemaContext} for one request; see its note on object identity. Its
 * `sessions` is the shared port behind this operation's own upstream budget
 * ({@link withUpstreamBudget}: at most 3 distinct Wawp calls per operation), which passes
 * `signal` (the operation's client has gone) on to every call.
 */
export function createSchemaContext(
  ports: SchemaPorts,
  viewer: Viewer | null,
  signal?: AbortSignal,
): SchemaContext {
  return {
    viewer,
    signal,
    sessions: withUpstreamBudget(ports.sessions, undefined, signal),
    directory: ports.directory,
    events: ports.events,
    notifications: ports.notifications,
  };
}
