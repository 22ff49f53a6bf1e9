import type { BrowserContext, Page, WebSocket } from 'playwright-core';
import { secretForms } from '../../utils/secret-forms';

/** One thing the browser sent or received. */
export interface TrafficItem {
  kind: 'request-url' | 'request-body' | 'response-body' | 'ws-url' | 'ws-sent' | 'ws-received';
  /** The request or socket URL it belongs to. */
  url: string;
  text: string;
}

/** Where a needle was found. */
export interface TrafficHit {
  kind: TrafficItem['kind'];
  url: string;
  excerpt: string;
}

const textOf = (payload: string | Buffer) =>
  typeof payload === 'string' ? payload : payload.toString('utf8');

/** The URL as the server receives it: a fragment never leaves the browser. */
export const sentUrl = (url: string) => url.split('#')[0] ?? url;

/**
 * Records everything a context's pages exchange with servers: each request URL and body, each
 * response body (the built console assets included), each WebSocket URL and frame both ways.
 * Attach before the first navigation; `settle()` waits for the response bodies still being read.
 */
export function recordTraffic(context: BrowserContext) {
  const items: TrafficItem[] = [];
  const pending = new Set<Promise<void>>();
  /** Responses whose body could not be read (redirects, aborted loads). */
  const unreadable: string[] = [];
  const sockets: WebSocket[] = [];

  const watchPage = (page: Page) => {
    page.on('websocket', (socket) => {
      sockets.push(socket);
      items.push({ kind: 'ws-url', url: socket.url(), text: socket.url() });
      socket.on('framesent', (frame) =>
        items.push({ kind: 'ws-sent', url: socket.url(), text: textOf(frame.payload) }),
      );
      socket.on('framereceived', (frame) =>
        items.push({ kind: 'ws-received', url: socket.url(), text: textOf(frame.payload) }),
      );
    });
  };
  context.pages().forEach(watchPage);
  context.on('page', watchPage);
  context.on('request', (request) => {
    items.push({ kind: 'request-url', url: request.url(), text: sentUrl(request.url()) });
    const body = request.postDataBuffer();
    if (body) {
      items.push({ kind: 'request-body', url: request.url(), text: body.toString('utf8') });
    }
  });
  context.on('response', (response) => {
    const read: Promise<void> = response.body().then(
      (body) => {
        items.push({ kind: 'response-body', url: response.url(), text: body.toString('utf8') });
      },
      () => {
        unreadable.push(response.url());
      },
    );
    pending.add(read);
    void read.finally(() => pending.delete(read));
  });

  return {
    items,
    unreadable,
    sockets,
    /** Waits for the response bodies still being read. */
    async settle() {
      while (pending.size > 0) {
        await Promise.all([...pending]);
      }
    },
    /** Every item whose text contains `needle` (also base64 and URL-encoded forms). */
    find(needle: string, kinds?: readonly TrafficItem['kind'][]): TrafficHit[] {
      const forms = secretForms(needle);
      return items
        .filter((item) => !kinds || kinds.includes(item.kind))
        .flatMap((item) => {
          const form = forms.find((candidate) => item.text.includes(candidate));
          if (!form) {
            return [];
          }
          const at = item.text.indexOf(form);
          return [
            {
              kind: item.kind,
              url: item.url,
              excerpt: item.text.slice(Math.max(0, at - 60), at + form.length + 60),
            },
          ];
        });
    },
  };
}

export type TrafficRecorder = ReturnType<typeof recordTraffic>;
