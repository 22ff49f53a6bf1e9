import { SESSION_EVENTS, type WireEvent } from './event-stream';

/** One server-sent event as it arrived. */
export interface SseEvent {
  id: string | null;
  event: string;
  data: string;
}

/** A `sessionEvents` subscription over SSE (`accept: text/event-stream`). */
export interface SseStream {
  /** The HTTP status of the response. */
  status: number;
  /** Every event so far, in order (`next` and `complete`). */
  raw: SseEvent[];
  /** The `sessionEvents` payloads so far. */
  events: WireEvent[];
  /** Errors of `next` events so far, with their extensions. */
  errors: { message: string; extensions?: Record<string, unknown> }[];
  /** Resolves when the response ends (complete, or the server closed it). */
  ended: Promise<void>;
  /** Whether the response has ended. */
  done: boolean;
  /** Waits until `check(stream)` holds; fails after `timeoutMs` with what arrived. */
  until(check: (stream: SseStream) => boolean, timeoutMs?: number): Promise<void>;
  /** Aborts the request (idempotent). */
  close(): void;
  /** Starts reading the body, when opened with `read: false` (a client that stalls). */
  read(): void;
}

/**
 * Opens `sessionEvents` over SSE on `url` with `key`, like a browser's `EventSource` would
 * (`lastEventId` is sent as `Last-Event-ID`). Reads and parses the stream in the background.
 */
export async function openSse(
  url: string,
  key: string | null,
  variables: { id?: string | null; after?: string | null } = {},
  options: {
    lastEventId?: string;
    read?: boolean;
    /** Another endpoint (`/connect/graphql`) and more headers (a cookie). */
    path?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<SseStream> {
  const controller = new AbortController();
  const query = new URLSearchParams({
    query: SESSION_EVENTS,
    variables: JSON.stringify({ id: variables.id ?? null, after: variables.after ?? null }),
  });
  const response = await fetch(`${url}${options.path ?? '/graphql'}?${query}`, {
    headers: {
      ...(key === null ? {} : { authorization: `Bearer ${key}` }),
      ...options.headers,
      accept: 'text/event-stream',
      ...(options.lastEventId ? { 'last-event-id': options.lastEventId } : {}),
    },
    signal: controller.signal,
  });
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) {
      waiter();
    }
  };
  const stream: SseStream = {
    status: response.status,
    raw: [],
    events: [],
    errors: [],
    ended: Promise.resolve(),
    done: false,
    until(check, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(test);
          reject(
            new Error(
              `SSE condition not met in ${timeoutMs} ms; got ${JSON.stringify(stream.raw).slice(0, 2_000)}`,
            ),
          );
        }, timeoutMs);
        const test = () => {
          if (check(stream)) {
            clearTimeout(timer);
            waiters.delete(test);
            resolve();
          }
        };
        waiters.add(test);
        test();
      });
    },
    close: () => controller.abort(),
    read: () => startReading(),
  };
  const onEvent = (event: SseEvent) => {
    stream.raw.push(event);
    if (event.event === 'next' && event.data) {
      const payload = JSON.parse(event.data) as {
        data?: { sessionEvents?: WireEvent } | null;
        errors?: SseStream['errors'];
      };
      if (payload.data?.sessionEvents) {
        stream.events.push(payload.data.sessionEvents);
      }
      stream.errors.push(...(payload.errors ?? []));
    }
    wake();
  };
  let reading = false;
  const readBody = async () => {
    if (!response.body) {
      stream.done = true;
      return;
    }
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) {
          break;
        }
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          end = buffer.indexOf('\n\n');
          const fields = { id: null as string | null, event: 'message', data: [] as string[] };
          for (const line of block.split('\n')) {
            if (line.startsWith(':') || line === '') {
              continue;
            }
            const colon = line.indexOf(':');
            const name = colon < 0 ? line : line.slice(0, colon);
            const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (name === 'id') {
              fields.id = value;
            } else if (name === 'event') {
              fields.event = value;
            } else if (name === 'data') {
              fields.data.push(value);
            }
          }
          if (fields.data.length > 0 || fields.id !== null) {
            onEvent({ id: fields.id, event: fields.event, data: fields.data.join('\n') });
          }
        }
      }
    } catch {
      // aborted by `close()` or cut by the server: the stream has ended either way
    } finally {
      stream.done = true;
      wake();
    }
  };
  let markEnded = () => {};
  stream.ended = new Promise<void>((resolve) => {
    markEnded = resolve;
  });
  const startReading = () => {
    if (!reading) {
      reading = true;
      void readBody().then(markEnded);
    }
  };
  if (options.read !== false) {
    startReading();
  }
  return stream;
}

/** The cursor the last `id:` carried, as a browser would send it back. */
export const lastEventIdOf = (stream: SseStream): string | null =>
  [...stream.raw].reverse().find((event) => event.id !== null)?.id ?? null;
