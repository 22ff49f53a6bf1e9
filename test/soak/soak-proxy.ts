import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Request headers a proxy must not forward as they are. */
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding']);

const forwardable = (headers: IncomingHttpHeaders) =>
  Object.fromEntries(
    Object.entries(headers).filter(
      (entry): entry is [string, string] =>
        typeof entry[1] === 'string' && !HOP_HEADERS.has(entry[0]),
    ),
  );

/** A {@link startRoundRobinProxy}: its URL, what it forwarded, and `stop`. */
export interface RoundRobinProxy {
  url: string;
  /** Requests forwarded per target, and requests no target answered (502). */
  counts(): { forwarded: number[]; failed: number };
  stop(): Promise<void>;
}

/**
 * The load balancer in front of the replicas, for the simulator's webhooks: an HTTP proxy on
 * 127.0.0.1 that hands each request to the next target in turn and, when a target does not
 * answer (killed), to the next one; 502 when none does, which the simulator retries.
 */
export async function startRoundRobinProxy(targets: readonly string[]): Promise<RoundRobinProxy> {
  let next = 0;
  const forwarded = targets.map(() => 0);
  let failed = 0;
  const server = createServer((request, response) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of request) {
        chunks.push(chunk as Buffer);
      }
      const body = Buffer.concat(chunks);
      const first = next++;
      for (let attempt = 0; attempt < targets.length; attempt++) {
        const index = (first + attempt) % targets.length;
        try {
          const answer = await fetch(new URL(request.url ?? '/', targets[index]), {
            method: request.method,
            headers: forwardable(request.headers),
            body: request.method === 'GET' || request.method === 'HEAD' ? undefined : body,
            signal: AbortSignal.timeout(5_000),
          });
          const text = await answer.text();
          forwarded[index] = (forwarded[index] ?? 0) + 1;
          response.writeHead(answer.status, {
            'content-type': answer.headers.get('content-type') ?? 'application/json',
          });
          response.end(text);
          return;
        } catch {
          // not answering: the next target
        }
      }
      failed += 1;
      response.writeHead(502, { 'content-type': 'application/json' });
      response.end('{"error":"no replica answered"}');
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ forwarded: [...forwarded], failed }),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
