/**
 * The graphql-ws edge against a raw `ws` client: handshake deadline, protocol conformance close
 * codes, no compression, the per-socket subscription cap and message rate (1008, fatal for
 * clients), and no leftovers when sockets are terminated mid-stream.
 */

import { CloseCode } from '@wawp-gateway/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { toWsUrl } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { sleep, waitFor } from '../utils/wait';

const PROTOCOL = 'graphql-transport-ws';
const EVENTS = 'subscription($id: ID) { sessionEvents(instanceId: $id) { cursor } }';

const leftovers = createLeftovers();
let h: Harness;
let instanceId: string;

beforeAll(async () => {
  h = leftovers.add(
    await startGateway({
      config: { logLevel: 'warn' },
      simulator: { timeScale: 10, instances: 1 },
    }),
    (harness) => harness.stop(),
  );
  [instanceId] = h.gateway.simulator!.instanceIds() as [string];
});
afterAll(() => leftovers.disposeAll());

interface RawSocket {
  ws: WebSocket;
  /** The `Sec-WebSocket-Extensions` the server answered with, if any. */
  extensions: string | undefined;
  closed: Promise<{ code: number; reason: string; afterMs: number }>;
  send(message: unknown): void;
  /** The next message of `type` the server sends. */
  next(type: string): Promise<Record<string, unknown>>;
}

/** A raw WebSocket on the gateway's graphql endpoint; terminated in `afterAll` if still open. */
async function open(protocol: string = PROTOCOL): Promise<RawSocket> {
  const ws = new WebSocket(toWsUrl(h.url), protocol);
  leftovers.add(ws, (socket) => socket.terminate());
  const openedAt = Date.now();
  const opened = new Promise((resolve) => ws.once('open', resolve));
  const received: Record<string, unknown>[] = [];
  const waiting: { type: string; resolve: (m: Record<string, unknown>) => void }[] = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as Record<string, unknown>;
    const i = waiting.findIndex((w) => w.type === message.type);
    if (i >= 0) {
      waiting.splice(i, 1)[0]?.resolve(message);
    } else {
      received.push(message);
    }
  });
  const closed = new Promise<{ code: number; reason: string; afterMs: number }>((resolve) =>
    ws.once('close', (code, reason) =>
      resolve({ code, reason: String(reason), afterMs: Date.now() - openedAt }),
    ),
  );
  const extensions = await new Promise<string | undefined>((resolve, reject) => {
    ws.once('upgrade', (res) => resolve(res.headers['sec-websocket-extensions'] as string));
    ws.once('error', reject);
  });
  await opened;
  return {
    ws,
    extensions,
    closed,
    send: (message) => ws.send(typeof message === 'string' ? message : JSON.stringify(message)),
    next: (type) => {
      const i = received.findIndex((m) => m.type === type);
      if (i >= 0) {
        return Promise.resolve(received.splice(i, 1)[0] as Record<string, unknown>);
      }
      return new Promise((resolve) => waiting.push({ type, resolve }));
    },
  };
}

const init = async (socket: RawSocket, key = h.adminKey) => {
  socket.send({ type: 'connection_init', payload: { authorization: `Bearer ${key}` } });
  await socket.next('connection_ack');
};
const subscribe = (socket: RawSocket, id: string) =>
  socket.send({ id, type: 'subscribe', payload: { query: EVENTS, variables: { id: instanceId } } });
const metric = async (name: string) => {
  const text = await (await fetch(`${h.url}/metrics`)).text();
  return Number(text.match(new RegExp(`^${name} (\\d+)`, 'm'))?.[1] ?? Number.NaN);
};

describe('graphql-ws protocol conformance', () => {
  it('closes a socket that never sends connection_init within 3 s (4408)', async () => {
    const socket = await open();
    const { code, afterMs } = await socket.closed;
    expect(code).toBe(CloseCode.ConnectionInitialisationTimeout);
    // graphql-ws's 3 s init timer (slack for a loaded machine: the gateway runs in this process)
    expect(afterMs).toBeGreaterThanOrEqual(2_900);
    expect(afterMs).toBeLessThan(4_500);
  });

  it('refuses a bad key (4403) and acknowledges a good one', async () => {
    const bad = await open();
    bad.send({ type: 'connection_init', payload: { authorization: 'Bearer wgk_not-a-key' } });
    expect((await bad.closed).code).toBe(CloseCode.Forbidden);
    const good = await open();
    await init(good);
    good.ws.close(1000);
  });

  it('closes on a second connection_init (4429)', { timeout: 10_000 }, async () => {
    const socket = await open();
    await init(socket);
    socket.send({ type: 'connection_init', payload: {} });
    expect((await socket.closed).code).toBe(CloseCode.TooManyInitialisationRequests);
  });

  it('closes on a subscribe before the acknowledgement (4401)', { timeout: 10_000 }, async () => {
    const socket = await open();
    subscribe(socket, '1');
    expect((await socket.closed).code).toBe(CloseCode.Unauthorized);
  });

  it('closes on a second subscribe with an id in use (4409)', { timeout: 10_000 }, async () => {
    const socket = await open();
    await init(socket);
    subscribe(socket, 'same');
    expect(await socket.next('next')).toMatchObject({ id: 'same' });
    subscribe(socket, 'same');
    expect((await socket.closed).code).toBe(CloseCode.SubscriberAlreadyExists);
  });

  it('closes on a message that is not JSON (4400)', { timeout: 10_000 }, async () => {
    const socket = await open();
    await init(socket);
    socket.send('this is not JSON');
    expect((await socket.closed).code).toBe(CloseCode.BadRequest);
  });

  it('does not agree to another subprotocol (the legacy graphql-ws one)', async () => {
    const ws = leftovers.add(new WebSocket(toWsUrl(h.url), 'graphql-ws'), (s) => s.terminate());
    const error = await new Promise<Error>((resolve) => ws.once('error', resolve));
    expect(error.message).toBe('Server sent no subprotocol');
  });

  it('sends errors as HTTP does: with a code, without the internal extensions.http', {
    timeout: 10_000,
  }, async () => {
    const socket = await open();
    await init(socket);
    socket.send({
      id: 'q1',
      type: 'subscribe',
      payload: {
        query: 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
        variables: { id: 'NOPE00000000' },
      },
    });
    const next = await socket.next('next');
    const errors = (next.payload as { errors?: { extensions?: Record<string, unknown> }[] }).errors;
    expect(errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    expect(errors?.[0]?.extensions).not.toHaveProperty('http');
    socket.ws.close();
  });

  it('never negotiates compression', async () => {
    const socket = await open();
    expect(socket.extensions).toBeUndefined();
    socket.ws.close(1000);
  });
});

describe('per-socket limits (1008, which clients do not retry)', () => {
  it('holds 20 subscriptions on one socket and closes it on the 21st', async () => {
    const socket = await open();
    await init(socket);
    for (let i = 1; i <= 20; i++) {
      subscribe(socket, `s${i}`);
    }
    for (let i = 1; i <= 20; i++) {
      expect(await socket.next('next')).toMatchObject({ type: 'next' });
    }
    subscribe(socket, 's21');
    expect(await socket.closed).toMatchObject({
      code: CloseCode.PolicyViolation,
      reason: 'Too many subscriptions on one socket',
    });
  });

  it('closes a socket that floods the gateway with messages', async () => {
    const socket = await open();
    await init(socket);
    // 50 pings at once, ten times a second: past the burst of 40 whatever the timers do
    for (let round = 0; round < 20 && socket.ws.readyState === WebSocket.OPEN; round++) {
      for (let i = 0; i < 50; i++) {
        socket.send({ type: 'ping' });
      }
      await sleep(100);
    }
    expect(await socket.closed).toMatchObject({
      code: CloseCode.PolicyViolation,
      reason: 'Too many messages',
    });
  });

  it('lets a client ping at a steady pace', async () => {
    const socket = await open();
    await init(socket);
    for (let i = 0; i < 30; i++) {
      socket.send({ type: 'ping' });
      await socket.next('pong');
      await sleep(60);
    }
    expect(socket.ws.readyState).toBe(WebSocket.OPEN);
    socket.ws.close(1000);
  });
});

it('releases every subscription and watch when 20 sockets are terminated mid-stream', {
  timeout: 30_000,
}, async () => {
  await waitFor(async () => (await metric('wawp_subscribers')) === 0);
  const sockets = await Promise.all(Array.from({ length: 20 }, () => open()));
  for (const socket of sockets) {
    await init(socket);
    subscribe(socket, 'live');
    await socket.next('next');
  }
  expect(await metric('wawp_subscribers')).toBe(20);
  await waitFor(async () => (await metric('wawp_polled_instances')) === 1);
  for (const socket of sockets) {
    socket.ws.terminate();
  }
  await waitFor(async () => (await metric('wawp_subscribers')) === 0);
  await waitFor(async () => (await metric('wawp_polled_instances')) === 0);
  await waitFor(async () => (await metric('wawp_ws_connections')) === 0);
});
