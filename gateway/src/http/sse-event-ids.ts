/**
 * Where a subscription result carries the cursor of the event it was executed from: a symbol
 * key, which no JSON serializer writes, set on the result's own copy (no side table: a
 * `WeakMap` entry per subscriber per event made the fan-out's garbage collection slower).
 */
const EVENT_ID = Symbol('wawp.eventId');

/**
 * A shallow copy of `result` that remembers which event (`payload`) it was executed from, so
 * the SSE response can give it an `id:` (its cursor) whatever the client selected. Called by the
 * subscription mapping for each result it hands out.
 */
export function copyWithEventId<T extends object>(result: T, payload: unknown): T {
  const cursor = (payload as { cursor?: unknown } | null)?.cursor;
  return typeof cursor === 'string' ? { ...result, [EVENT_ID]: cursor } : { ...result };
}

/** The cursor of the event `result` was executed from, if known. */
export function eventIdOf(result: object): string | null {
  const id = (result as { [EVENT_ID]?: unknown })[EVENT_ID];
  return typeof id === 'string' ? id : null;
}
