import { isAsyncIterable, type Plugin } from 'graphql-yoga';
import { withoutInternals } from './client-result';
import { eventIdOf } from './sse-event-ids';

/** The SSE keep-alive comment interval, as graphql-yoga's own SSE responses. @default 12_000 */
const PING_MS = 12_000;

const encoder = new TextEncoder();

/** One SSE event: `id:` (when known), the event name and its JSON data. */
const toFrame = (name: string, data: string, id: string | null) =>
  encoder.encode(`${id === null ? '' : `id: ${id}\n`}event: ${name}\ndata: ${data}\n\n`);

/**
 * Serves subscriptions over SSE like graphql-yoga does (`event: next` per result, `event:
 * complete` at the end, a `:` ping every 12 s), and gives each event an `id:` with its cursor,
 * so that a browser's `EventSource` reconnects with `Last-Event-ID` and resumes exactly there.
 * @see https://html.spec.whatwg.org/multipage/server-sent-events.html
 */
export function useSseEventIds(): Plugin {
  return {
    onResultProcess({ request, result, setResultProcessor }) {
      const accept = request.headers.get('accept') ?? '';
      if (!isAsyncIterable(result) || !accept.includes('text/event-stream')) {
        return;
      }
      setResultProcessor((stream, fetchAPI) => {
        const iterator = (stream as AsyncIterable<object>)[Symbol.asyncIterator]();
        let ping: ReturnType<typeof setInterval> | undefined;
        const body = new fetchAPI.ReadableStream<Uint8Array>({
          start(controller) {
            // some browsers wait for a first chunk before they show the response as open
            controller.enqueue(encoder.encode(':\n\n'));
            ping = setInterval(() => {
              if (controller.desiredSize === null) {
                clearInterval(ping);
              } else if (controller.desiredSize > 0) {
                controller.enqueue(encoder.encode(':\n\n'));
              }
            }, PING_MS);
          },
          async pull(controller) {
            try {
              const next = await iterator.next();
              if (next.value != null) {
                const data = JSON.stringify(withoutInternals(next.value));
                controller.enqueue(toFrame('next', data, eventIdOf(next.value)));
              }
              if (next.done) {
                controller.enqueue(encoder.encode('event: complete\ndata:\n\n'));
                clearInterval(ping);
                controller.close();
              }
            } catch (error) {
              clearInterval(ping);
              controller.error(error);
            }
          },
          async cancel() {
            clearInterval(ping);
            await iterator.return?.();
          },
        });
        return new fetchAPI.Response(body, {
          status: 200,
          headers: {
            'content-type': 'text/event-stream',
            connection: 'keep-alive',
            'cache-control': 'no-cache',
            'content-encoding': 'none',
          },
        });
      }, 'text/event-stream');
    },
  };
}
