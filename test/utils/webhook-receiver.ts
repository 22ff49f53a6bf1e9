import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/** One POST the receiver got. */
export interface Received {
  at: number;
  headers: Record<string, string>;
  body: string;
  /** The JSON body, when it parsed. */
  json: { type?: string; data?: Record<string, unknown> } | null;
}

/**
 * An integrator's endpoint on loopback: records every POST, answers with the next status of
 * `script` (then 200), and checks signatures with the secrets it is given, as a receiver using
 * the Standard Webhooks library would.
 */
export async function startReceiver() {
  const received: Received[] = [];
  const script: number[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      let json: Received['json'] = null;
      try {
        json = JSON.parse(body) as Received['json'];
      } catch {}
      received.push({
        at: Date.now(),
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [name, String(value)]),
        ),
        body,
        json,
      });
      res.writeHead(script.shift() ?? 200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks`,
    received,
    /** The statuses the next POSTs get, in order. */
    answer: (...statuses: number[]) => script.push(...statuses),
    /** Whether `message` verifies under `secret` (throws nothing). */
    verifies(message: Received, secret: string): boolean {
      try {
        new Webhook(secret).verify(message.body, message.headers);
        return true;
      } catch {
        return false;
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;
