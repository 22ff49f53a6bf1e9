import { credentialOf, type Viewer } from '@wawp-gateway/schema';

/** Options of {@link createStreamRegistry}. */
export interface StreamRegistryOptions {
  /** Open streams (graphql-ws sockets plus SSE streams) one key may hold. */
  maxPerKey: number;
}

/** One open stream: how to end it when its key is revoked (`null`: it ends by itself). */
export type StreamCloser = (() => void) | null;

/**
 * The streams this replica holds open, by the key they were opened with (`admin`, or
 * `key:<id>` of a tenant key): the per-key cap, and ending them all when the key is revoked.
 */
export function createStreamRegistry(options: StreamRegistryOptions) {
  const byKey = new Map<string, Set<{ close: StreamCloser }>>();

  return {
    /**
     * Opens a stream for `key`, or returns `null` when the key already holds `maxPerKey`.
     * The returned function (idempotent) releases it.
     */
    open(key: string, close: StreamCloser): (() => void) | null {
      let streams = byKey.get(key);
      if (!streams) {
        streams = new Set();
        byKey.set(key, streams);
      }
      if (streams.size >= options.maxPerKey) {
        return null;
      }
      const stream = { close };
      const held = streams;
      held.add(stream);
      return () => {
        held.delete(stream);
        if (held.size === 0 && byKey.get(key) === held) {
          byKey.delete(key);
        }
      };
    },
    /** Ends every stream of `key` that can be ended from here (graphql-ws sockets). */
    closeKey(key: string): void {
      for (const stream of [...(byKey.get(key) ?? [])]) {
        stream.close?.();
      }
    },
    /** Open streams of `key`. */
    count: (key: string): number => byKey.get(key)?.size ?? 0,
    /** Open streams of every key. */
    get size(): number {
      let total = 0;
      for (const streams of byKey.values()) {
        total += streams.size;
      }
      return total;
    },
  };
}

export type StreamRegistry = ReturnType<typeof createStreamRegistry>;

/** The registry key of a viewer: one bucket for the admin key, one per tenant key. */
export function toStreamKey(viewer: Viewer) {
  return viewer.role === 'admin' ? 'admin' : streamKeyOf(credentialOf(viewer) ?? 'unknown');
}

/** The registry key of a revocable credential (a tenant key's or a connect link's id). */
export const streamKeyOf = (credentialId: string) => `key:${credentialId}`;
