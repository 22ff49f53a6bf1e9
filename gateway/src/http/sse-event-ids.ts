const ids = new WeakMap<object, string>();

/**
 * Remembers which event a subscription result was executed from, so the SSE response can give it
 * an `id:` (its cursor) whatever the client selected. Called by the subscription mapping for
 * each result it hands out.
 */
export function rememberEventId(result: object, payload: unknown): void {
  const cursor = (payload as { cursor?: unknown } | null)?.cursor;
  if (typeof cursor === 'string') {
    ids.set(result, cursor);
  }
}

/** The cursor of the event `result` was executed from, if known. */
export function eventIdOf(result: object): string | null {
  return ids.get(result) ?? null;
}
