import { createHash } from 'node:crypto';

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,57}$/;

/**
 * @private Throws unless `schema` is a plain lowercase identifier of at most 58 characters, so it
 * can go unquoted into `search_path` and still fit a 63-byte channel name.
 */
export function assertSchemaName(schema: string): void {
  if (!SCHEMA_NAME.test(schema)) {
    throw new Error(
      `store: schema must match ${SCHEMA_NAME} (lowercase letters, digits, underscores), got "${schema}"`,
    );
  }
}

/** @private NOTIFY channels are database-wide: one per schema keeps stores on other schemas apart. */
export function toChannelName(schema: string): string {
  return `wawp_${schema}`;
}

/**
 * @private The first key of `pg_try_advisory_lock(int, int)`. Locks are database-wide too, so
 * it is derived from the schema (first 32 bits of a SHA-256, signed).
 */
export function toLeaseNamespace(schema: string): number {
  return createHash('sha256').update(`wawp-gateway:leases:${schema}`).digest().readInt32BE(0);
}

/**
 * @private The first key of the `pg_advisory_xact_lock(int, int)` of `StateStore.transition`:
 * per schema like the leases', and apart from them, so a transition never waits for a lease.
 */
export function toTransitionNamespace(schema: string): number {
  return createHash('sha256').update(`wawp-gateway:states:${schema}`).digest().readInt32BE(0);
}
