import type { DirectoryPort, EventsPort, SessionsPort, Viewer } from './ports';

/** The long-lived services a context is built from; the gateway creates them once. */
export interface SchemaPorts {
  sessions: SessionsPort;
  directory: DirectoryPort;
  events: EventsPort;
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
}

/** Builds a fresh {@link SchemaContext} for one request; see its note on object identity. */
export function createSchemaContext(ports: SchemaPorts, viewer: Viewer | null): SchemaContext {
  return { viewer, sessions: ports.sessions, directory: ports.directory, events: ports.events };
}
