import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that went through a {@link startRecordingProxy}. */
export interface ProxiedRequest {
  at: number;
  method: string;
  path: string;
  /** The `instance_id` of the query or JSON body, if any. */
  instanceId: string | null;
}

const HOP_HEADERS = new Set([
  'host',
  'connection',
  'content-length',
  'transfer-encoding',
  'keep-alive',
  'content-encoding',
]);

function instanceIdOf(url: URL, body: Buffer): string | null {
  const fromQuery = url.searchParams.get('instance_id');
  if (fromQuery || body.length === 0) {
    return fromQuery;
  }
  try {
    const id = (JSON.parse(body.toString()) as { instance_id?: unknown }).instance_id;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}

/**
 * An HTTP proxy to `target` on 127.0.0.1 that records every request, so a test can tell which of
 * several gateways in front of one simulator sent what.
 */
export async function startRecordingProxy(target: string) {
  const requests: ProxiedRequest[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) {
        chunks.push(chunk as Buffer);
      }
      const body = Buffer.concat(chunks);
      const url = new URL(req.url ?? '/', target);
      requests.push({
        at: Date.now(),
        method: req.method ?? 'GET',
        path: url.pathname,
        instanceId: instanceIdOf(url, body),
      });
      const headers = Object.fromEntries(
        Object.entries(req.headers)
          .filter(([name, value]) => !HOP_HEADERS.has(name) && typeof value === 'string')
          .map(([name, value]) => [name, value as string]),
      );
      try {
        const upstream = await fetch(url, {
          method: req.method,
          headers,
          body: body.length > 0 ? body : undefined,
        });
        const answer = Buffer.from(await upstream.arrayBuffer());
        const back = [...upstream.headers].filter(([name]) => !HOP_HEADERS.has(name));
        res.writeHead(upstream.status, Object.fromEntries(back));
        res.end(answer);
      } catch {
        res.writeHead(502).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A started {@link startRecordingProxy}. */
export type RecordingProxy = Awaited<ReturnType<typeof startRecordingProxy>>;
