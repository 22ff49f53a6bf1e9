/**
 * The node:http server's timeouts (LIMITS): a client that never finishes its headers
 * (slowloris) or its body is cut off, an idle keep-alive connection is closed, and none of this
 * touches long-lived responses: an SSE stream and a graphql-ws socket outlive the request
 * timeout. Short values come in through `GatewayDeps.httpTimeouts`.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '../../gateway/src/http/limits';
import { gql } from '../utils/graphql-http';
import { connectWs, wsFirst } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { sleep } from '../utils/wait';
import { type HardenedGateway, startHardenedGateway } from './hardening-support';

const leftovers = createLeftovers();
let defaults: HardenedGateway;
let short: HardenedGateway;
const TIMEOUTS = {
  headersTimeout: 600,
  requestTimeout: 1_000,
  keepAliveTimeout: 400,
  connectionsCheckingInterval: 100,
};

beforeAll(async () => {
  defaults = leftovers.add(await startHardenedGateway(), (gateway) => gateway.stop());
  short = leftovers.add(
    await startHardenedGateway({ deps: { httpTimeouts: TIMEOUTS } }),
    (gateway) => gateway.stop(),
  );
});

afterAll(() => leftovers.disposeAll());

/** A raw TCP connection to the gateway that records what it receives and when it closes. */
async function rawConnection(port: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  leftovers.add(socket, (s) => s.destroy());
  let received = '';
  socket.on('data', (chunk: Buffer) => {
    received += chunk.toString();
  });
  socket.on('error', () => {});
  const openedAt = Date.now();
  const closed = new Promise<number>((resolve) =>
    socket.once('close', () => resolve(Date.now() - openedAt)),
  );
  return { socket, closed, received: () => received };
}

/** Resolves with the ms until `closed` settles, or `null` after `limitMs`. */
const within = (closed: Promise<number>, limitMs: number) =>
  Promise.race([closed, sleep(limitMs).then(() => null)]);

describe('server timeouts', () => {
  it('are LIMITS, not Node defaults', () => {
    const { server } = defaults.gateway;
    expect(server.headersTimeout).toBe(LIMITS.headersTimeoutMs);
    expect(server.requestTimeout).toBe(LIMITS.requestTimeoutMs);
    expect(server.keepAliveTimeout).toBe(LIMITS.keepAliveTimeoutMs);
    expect(LIMITS.headersTimeoutMs).toBeLessThan(60_000); // Node's default
    expect(LIMITS.requestTimeoutMs).toBeLessThan(300_000); // Node's default
    expect(LIMITS.headersTimeoutMs).toBeLessThan(LIMITS.requestTimeoutMs);
  });

  it('cuts a slowloris client that never finishes its headers, with 408', async () => {
    const client = await rawConnection(short.port);
    client.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    // one more header line every 100 ms, never the blank line that ends them
    const drip = setInterval(() => client.socket.write(`X-Slow-${Date.now()}: 1\r\n`), 100);
    try {
      const after = await within(client.closed, 5_000);
      expect(after, 'closed within 5 s').not.toBeNull();
      expect(after).toBeGreaterThanOrEqual(TIMEOUTS.headersTimeout - 50);
      expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
    } finally {
      clearInterval(drip);
    }
  });

  it('cuts a client that never finishes its body', async () => {
    const client = await rawConnection(short.port);
    client.socket.write(
      'POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"query":',
    );
    const after = await within(client.closed, 5_000);
    expect(after, 'closed within 5 s').not.toBeNull();
    expect(after).toBeGreaterThanOrEqual(TIMEOUTS.requestTimeout - 50);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408 /);
  });

  it('closes an idle keep-alive connection after keepAliveTimeout', async () => {
    const client = await rawConnection(short.port);
    client.socket.write(
      'GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: keep-alive\r\n\r\n',
    );
    const after = await within(client.closed, 5_000);
    expect(client.received()).toMatch(/^HTTP\/1\.1 200 /);
    expect(after, 'closed within 5 s').not.toBeNull();
    expect(after).toBeGreaterThanOrEqual(TIMEOUTS.keepAliveTimeout - 50);
  });

  it('keeps an SSE stream open well past requestTimeout, and it still delivers', async () => {
    const id = short.gateway.simulator?.instanceIds()[0] ?? '';
    const controller = new AbortController();
    leftovers.add(controller, (c) => c.abort());
    const query = `subscription { sessionEvents(instanceId: "${id}") { __typename cursor } }`;
    const response = await fetch(`${short.url}/graphql?query=${encodeURIComponent(query)}`, {
      headers: { accept: 'text/event-stream', authorization: `Bearer ${short.adminKey}` },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    let ended = false;
    const pump = (async () => {
      for (;;) {
        const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
        if (done) {
          ended = true;
          return;
        }
        text += decoder.decode(value, { stream: true });
      }
    })();
    leftovers.add(pump, () => pump);
    await sleep(TIMEOUTS.requestTimeout * 2.5);
    expect(ended, `the stream is still open: ${text}`).toBe(false);
    expect(text).toContain('SessionSnapshot');
    // an event after the timeout would have struck still arrives on the same stream
    const started = await gql(
      short.url,
      short.adminKey,
      `mutation { startSession(instanceId: "${id}") { status } }`,
    );
    expect(started.errors).toBeUndefined();
    const deadline = Date.now() + 10_000;
    while (!text.includes('SessionStatusChanged') && Date.now() < deadline) {
      await sleep(50);
    }
    expect(text).toContain('SessionStatusChanged');
    expect(ended).toBe(false);
    controller.abort();
  });

  it('keeps a graphql-ws socket open past requestTimeout', async () => {
    const connection = leftovers.add(connectWs(short.url, `Bearer ${short.adminKey}`), (c) =>
      c.dispose(),
    );
    expect((await wsFirst(connection, '{ viewer { role } }')).result).toEqual({
      data: { viewer: { role: 'ADMIN' } },
    });
    await sleep(TIMEOUTS.requestTimeout * 2.5);
    expect((await wsFirst(connection, '{ viewer { role } }')).result).toEqual({
      data: { viewer: { role: 'ADMIN' } },
    });
  });
});
