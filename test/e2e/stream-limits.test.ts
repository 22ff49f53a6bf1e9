/**
 * Streams per key, the per-key request budget and SSE as a first-class transport: the 101st
 * stream of a key is refused on each transport (graphql-ws 1008, SSE 429); a key past its budget
 * gets 429 + Retry-After over HTTP and RATE_LIMITED on graphql-ws with the socket still open;
 * SSE events carry their cursor as `id:` and a reconnect with `Last-Event-ID` resumes with no gap
 * and no duplicate; an SSE subscriber that falls behind gets a retryable error with its cursor.
 */
import { CloseCode } from '@wawp-gateway/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { subscribeEvents } from '../utils/event-stream';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs, toWsUrl, type WsConnection, wsFirst } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { lastEventIdOf, openSse } from '../utils/sse';
import { sleep } from '../utils/wait';

const leftovers = createLeftovers();
let h: Harness;
let tenantKey: string;
let instanceId: string;
afterAll(() => leftovers.disposeAll());

beforeAll(async () => {
  h = leftovers.add(
    await startGateway({
      simulator: { instances: 2 },
      config: { rateLimitPerKey: { perSecond: 20, burst: 40 } },
      eventBufferSize: 5,
    }),
    (started) => started.stop(),
  );
  const admin = <T>(query: string, variables: Record<string, unknown> = {}) =>
    gql<T>(h.url, h.adminKey, query, variables).then(dataOf);
  const { createTenant } = await admin<{ createTenant: { id: string } }>(
    'mutation { createTenant(name: "limits") { id } }',
  );
  instanceId = h.gateway.simulator!.instanceIds()[0] as string;
  await admin(
    'mutation($i: ID!, $t: ID) { assignInstance(instanceId: $i, tenantId: $t) { instanceId } }',
    {
      i: instanceId,
      t: createTenant.id,
    },
  );
  tenantKey = (
    await admin<{ issueApiKey: { key: string } }>(
      'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }',
      { t: createTenant.id },
    )
  ).issueApiKey.key;
});

const connected = async (url: string, key: string): Promise<WsConnection> => {
  const socket = leftovers.add(connectWs(url, `Bearer ${key}`), (s) => s.dispose());
  const outcome = await wsFirst(socket, '{ __typename }');
  expect(outcome).toMatchObject({ kind: 'result', result: { data: { __typename: 'Query' } } });
  return socket;
};

describe('streams per key (default 100)', () => {
  it('refuses the 101st stream of a key: graphql-ws with 1008, SSE with 429', async () => {
    const sockets: WsConnection[] = [];
    // in batches: one address may hold only 20 sockets still in their handshake
    for (let batch = 0; batch < 11; batch++) {
      sockets.push(
        ...(await Promise.all(Array.from({ length: 9 }, () => connected(h.url, h.adminKey)))),
      );
    }
    expect(sockets).toHaveLength(99);
    const sse = leftovers.add(await openSse(h.url, h.adminKey, { id: instanceId }), (s) =>
      s.close(),
    );
    await sse.until((s) => s.events.length >= 1);
    // the 101st: on each transport
    const refusedWs = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (s) => s.dispose());
    expect((await refusedWs.closed).code).toBe(CloseCode.PolicyViolation);
    const refusedSse = leftovers.add(await openSse(h.url, h.adminKey, { id: instanceId }), (s) =>
      s.close(),
    );
    expect(refusedSse.status).toBe(429);
    // another key is not affected
    await connected(h.url, tenantKey);
    // and a place frees up when a stream ends
    await sockets[0]?.dispose();
    await sleep(200);
    await connected(h.url, h.adminKey);
    for (const socket of sockets) {
      await socket.dispose();
    }
    sse.close();
  });
});

describe('the per-key request budget (20/s, bursts of 40)', () => {
  it('answers 429 with Retry-After and RATE_LIMITED over HTTP, and an operation error on graphql-ws', async () => {
    await sleep(2_100); // a full bucket
    const sentAt = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 120 }, () =>
        fetch(`${h.url}/graphql`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tenantKey}`, 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ __typename }' }),
        }),
      ),
    );
    const elapsedS = (Date.now() - sentAt) / 1_000;
    const limited = answers.filter((answer) => answer.status === 429);
    const served = answers.filter((answer) => answer.status === 200).length;
    // the burst, plus what refilled meanwhile, and not one more
    expect(served).toBeGreaterThanOrEqual(40);
    expect(served).toBeLessThanOrEqual(40 + Math.ceil(elapsedS * 20) + 1);
    expect(limited.length).toBe(120 - served);
    const body = (await limited[0]?.json()) as {
      errors: { extensions: { code: string; retryAfterMs: number } }[];
    };
    expect(Number(limited[0]?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(body.errors[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(body.errors[0]?.extensions.retryAfterMs).toBeGreaterThan(0);
    // the admin has a budget of its own
    const adminAnswer = await gql(h.url, h.adminKey, '{ __typename }');
    expect(adminAnswer.errors).toBeUndefined();

    await sleep(2_100);
    const sockets = await Promise.all([1, 2, 3].map(() => connected(h.url, tenantKey)));
    const outcomes = await Promise.all(
      sockets.flatMap((socket) =>
        Array.from({ length: 18 }, () => wsFirst(socket, '{ __typename }')),
      ),
    );
    const codes = outcomes.map((outcome) =>
      outcome.kind === 'result' ? (outcome.result.errors?.[0]?.extensions?.code ?? 'ok') : 'closed',
    );
    expect(codes).not.toContain('closed');
    expect(codes.filter((code) => code === 'RATE_LIMITED').length).toBeGreaterThan(0);
    // the sockets stay open
    await sleep(1_100);
    for (const socket of sockets) {
      expect(await wsFirst(socket, '{ __typename }')).toMatchObject({
        kind: 'result',
        result: { data: { __typename: 'Query' } },
      });
    }
  });
});

describe('SSE as a first-class transport', () => {
  it('gives every event its cursor as id:, and resumes from Last-Event-ID with no gap and no duplicate', async () => {
    const id = h.gateway.simulator!.instanceIds()[1] as string;
    const first = leftovers.add(await openSse(h.url, h.adminKey, { id }), (s) => s.close());
    await first.until((s) => s.events.length >= 1);
    await gql(h.url, h.adminKey, 'mutation($i: ID!) { startSession(instanceId: $i) { status } }', {
      i: id,
    });
    await first.until((s) => s.events.some((e) => e.status === 'SCAN_QR_CODE'));
    for (const event of first.raw.filter((e) => e.event === 'next')) {
      expect(event.id).toMatch(/^\d+$/);
    }
    const lastId = lastEventIdOf(first) as string;
    first.close();
    // missed while disconnected
    await gql(h.url, h.adminKey, 'mutation($i: ID!) { stopSession(instanceId: $i) { status } }', {
      i: id,
    });
    await sleep(300);
    const resumed = leftovers.add(
      await openSse(h.url, h.adminKey, { id }, { lastEventId: lastId }),
      (s) => s.close(),
    );
    await resumed.until((s) => s.events.some((e) => e.status === 'STOPPED'));
    const seen = [...first.events, ...resumed.events]
      .filter((e) => e.__typename !== 'SessionSnapshot')
      .map((e) => Number(e.cursor));
    expect(new Set(seen).size).toBe(seen.length);
    expect(resumed.events[0]?.__typename).not.toBe('SessionSnapshot');
    expect(Number(resumed.events[0]?.cursor)).toBeGreaterThan(Number(lastId));
    const log = await h.gateway.store.events.readAfter({
      afterSeq: Math.min(...seen) - 1,
      instanceIds: [id],
    });
    const upTo = Math.max(...seen);
    expect(seen.sort((x, y) => x - y)).toEqual(
      log.map((e) => Number(e.cursor)).filter((cursor) => cursor <= upTo),
    );
  });

  it('ends an SSE subscriber that fell behind with a retryable error and its last cursor', async () => {
    const id = h.gateway.simulator!.instanceIds()[1] as string;
    const stalled = leftovers.add(await openSse(h.url, h.adminKey, { id }, { read: false }), (s) =>
      s.close(),
    );
    await sleep(300);
    // large events, far more than the socket buffers and the subscriber's 5 hold
    const image = `data:image/png;base64,${'A'.repeat(60_000)}`;
    for (let i = 0; i < 150; i++) {
      await h.gateway.store.events.append({
        kind: 'QrCodeUpdated',
        instanceId: id,
        occurredAt: new Date(),
        source: 'POLL',
        qrCode: { value: `flood-${i}`, imageDataUrl: image, expiresAt: null },
      });
    }
    await sleep(500);
    stalled.read();
    await stalled.until((s) => s.done, 20_000);
    expect(stalled.errors.map((e) => e.extensions?.code)).toEqual(['STREAM_INTERRUPTED']);
    const lastCursor = stalled.events.at(-1)?.cursor ?? null;
    expect(stalled.errors[0]?.extensions?.cursor).toBe(lastCursor);
    expect(stalled.events.length).toBeLessThan(151);
  });
});

describe('graphql-ws edges', () => {
  it('counts only live subscriptions towards the 20 per socket: rejected documents cost nothing', async () => {
    const socket = await connected(h.url, h.adminKey);
    // (each costs two messages, subscribe and complete: paced under the 40-message burst)
    for (let i = 0; i < 10; i++) {
      const outcome = await wsFirst(socket, 'subscription { nope }');
      expect(outcome.kind).toBe('result');
    }
    await sleep(1_500);
    const live = Array.from({ length: 20 }, () =>
      subscribeEvents(socket, { id: h.gateway.simulator!.instanceIds()[0] as string }),
    );
    await Promise.all(live.map((stream) => stream.take(1, 10_000)));
    subscribeEvents(socket, { id: null });
    expect((await socket.closed).code).toBe(CloseCode.PolicyViolation);
    expect((await socket.closed).reason).toBe('Too many subscriptions on one socket');
  });
});

describe('fleet subscriptions resume by cursor', () => {
  it('replays what a fleet subscriber missed, on graphql-ws and on SSE', async () => {
    const id = h.gateway.simulator!.instanceIds()[0] as string;
    const socket = await connected(h.url, h.adminKey);
    const fleet = subscribeEvents(socket, {});
    const [snapshot] = await fleet.take(1);
    const after = snapshot?.cursor as string;
    await socket.dispose();
    await gql(
      h.url,
      h.adminKey,
      'mutation($i: ID!) { restartSession(instanceId: $i) { status } }',
      {
        i: id,
      },
    );
    const again = subscribeEvents(await connected(h.url, h.adminKey), { after });
    await again.take(1);
    expect(again.events[0]?.__typename).not.toBe('SessionSnapshot');
    expect(Number(again.events[0]?.cursor)).toBeGreaterThan(Number(after));
    const sse = leftovers.add(await openSse(h.url, h.adminKey, {}, { lastEventId: after }), (s) =>
      s.close(),
    );
    await sse.until((s) => s.events.length >= 1);
    expect(sse.events[0]?.__typename).not.toBe('SessionSnapshot');
    expect(sse.events[0]?.cursor).toBe(again.events[0]?.cursor);
  });
});

describe('sockets in their handshake', () => {
  it('lets one address hold 20 sockets before connection_init is acknowledged, and refuses the 21st with 429', async () => {
    const opened = (ws: WebSocket) =>
      new Promise<number>((resolve) => {
        ws.once('open', () => resolve(101));
        ws.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        ws.once('error', () => resolve(0));
      });
    const pending = Array.from({ length: 20 }, () =>
      leftovers.add(new WebSocket(toWsUrl(h.url), 'graphql-transport-ws'), (ws) => ws.terminate()),
    );
    expect(await Promise.all(pending.map(opened))).toEqual(Array(20).fill(101));
    const refused = leftovers.add(new WebSocket(toWsUrl(h.url), 'graphql-transport-ws'), (ws) =>
      ws.terminate(),
    );
    expect(await opened(refused)).toBe(429);
    // once they are acknowledged (or gone), the address may open more
    for (const ws of pending) {
      ws.terminate();
    }
    await sleep(200);
    await connected(h.url, h.adminKey);
  });
});

describe('a gateway restart', () => {
  it('ends SSE streams with a retryable STREAM_INTERRUPTED that carries the last cursor', async () => {
    const own = await startGateway({ simulator: { instances: 1 } });
    const id = own.gateway.simulator!.instanceIds()[0] as string;
    const sse = leftovers.add(await openSse(own.url, own.adminKey, { id }), (s) => s.close());
    await sse.until((s) => s.events.length >= 1);
    await own.stop();
    await sse.until((s) => s.done);
    expect(sse.errors.map((e) => e.extensions?.code)).toEqual(['STREAM_INTERRUPTED']);
    expect(sse.errors[0]?.extensions).toMatchObject({
      reason: 'shutdown',
      cursor: sse.events.at(-1)?.cursor,
    });
  });
});
