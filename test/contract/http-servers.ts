import { createServer, type IncomingHttpHeaders, request } from 'node:http';
import type { Leftovers } from '../utils/leftovers';
import { listen } from './sim-harness';

/** What the recording proxy saw of one request, before forwarding it unchanged. */
export interface SeenRequest {
  method: string;
  /** The raw request target: path and query, exactly as the client sent it. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** A pass-through HTTP proxy in front of `target` that records every request on the wire. */
export async function startRecordingProxy(leftovers: Leftovers, target: string) {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: body.toString(),
      });
      const upstream = request(
        `${target}${req.url ?? '/'}`,
        { method: req.method, headers: req.headers },
        (up) => {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
        },
      );
      upstream.on('error', () => req.socket.destroy());
      upstream.end(body);
    });
  });
  return { url: await listen(server, leftovers), seen };
}

/** A canned answer of {@link startStub}. */
export interface StubAnswer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** A tiny Wawp stand-in that answers each request with `answer(path)`, for shapes the simulator never produces. */
export async function startStub(leftovers: Leftovers, answer: (path: string) => StubAnswer) {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      });
      const reply = answer(new URL(req.url ?? '/', 'http://stub').pathname);
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  return { url: await listen(server, leftovers), seen };
}

/** Awaits a promise that must reject, and returns the error. */
export async function rejection(
  promise: Promise<unknown>,
): Promise<Error & Record<string, unknown>> {
  try {
    await promise;
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected the call to fail');
}

/** One webhook delivery as {@link startReceiver} saw it. */
export interface Delivery {
  headers: IncomingHttpHeaders;
  body: string;
  /** `Date.now()` when it arrived. */
  at: number;
}

/**
 * A webhook receiver on 127.0.0.1 that records every delivery and answers the n-th (1-based)
 * with `answer(n)` as its status.
 */
export async function startReceiver(
  leftovers: Leftovers,
  answer: (n: number) => number = () => 200,
) {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      deliveries.push({
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      });
      res.writeHead(answer(deliveries.length)).end();
    });
  });
  return { url: `${await listen(server, leftovers)}/hook`, deliveries };
}
