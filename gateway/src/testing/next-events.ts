import { labelOf } from './event-label';

/**
 * @private The one "read the next events" helper for async iterators: reads into `seen` until
 * `until` holds (a count of events read by this call, or a predicate over `seen`), failing after
 * `timeoutMs` with the labels read so far. With a count it returns early, with what it read, when
 * the stream ends; with a predicate an early end is an error.
 */
export async function nextEvents<T extends object>(
  iterator: AsyncIterator<T>,
  until: number | ((seen: T[]) => boolean),
  options: { seen?: T[]; timeoutMs?: number } = {},
): Promise<T[]> {
  const seen = options.seen ?? [];
  const start = seen.length;
  const done = () => (typeof until === 'number' ? seen.length - start >= until : until(seen));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => {
      const labels = seen.map((event) => labelOf(event as Parameters<typeof labelOf>[0]));
      reject(new Error(`timed out after ${labels.join(', ') || 'nothing'}`));
    }, options.timeoutMs ?? 5_000);
  });
  try {
    while (!done()) {
      const result = await Promise.race([iterator.next(), timeout]);
      if (result.done) {
        if (typeof until === 'number') {
          break;
        }
        throw new Error('stream ended');
      }
      seen.push(result.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return seen.slice(start);
}
