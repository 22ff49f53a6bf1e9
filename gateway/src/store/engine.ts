import type { Dialect } from 'kysely';

/** @private A connection that lives as long as the store; the leases (and their locks) use it. */
export interface LockSession {
  query<R>(sql: string, params: unknown[]): Promise<R[]>;
  /** Called when the connection dropped (its session locks are gone with it). */
  onLost(listener: () => void): void;
}

/**
 * @private What differs between PGlite and Postgres. Everything above it (the kysely queries,
 * the migrations, the lease and NOTIFY SQL) is shared.
 */
export interface Engine {
  readonly kind: 'pglite' | 'postgres';
  readonly dialect: Dialect;
  readonly lockSession: LockSession;
  /** LISTENs on the store's channel; resolves once active, with the function that stops it. */
  listen(
    onMessage: (payload: string) => void,
    onReconnect: () => void,
  ): Promise<() => Promise<void>>;
  /** Closes what kysely does not own (listener, lock session, PGlite). */
  close(): Promise<void>;
}

/** @private Delay bounds for reconnecting the LISTEN connection. */
export interface RetryDelays {
  /** @default 250 // ms */
  initialDelayMs: number;
  /** @default 10_000 // ms */
  maxDelayMs: number;
}
