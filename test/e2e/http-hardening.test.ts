/**
 * The HTTP and WebSocket edges: metrics and health routes, the body cap, depth/alias/token limits
 * on both transports, no GraphiQL in production, no mutation over GET or a form POST, the Origin
 * allow-list on the WebSocket upgrade, and `no-store` on responses that carry login secrets.
 */
import { request } from 'node:http';
import { CloseCode } from '@wawp-gateway/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs, toWsUrl, wsFirst } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';

const ALLOWED_ORIGIN = 'https://console.example.test';

const leftovers = createLeftovers();
let h: Harness;
let dev: Harness;

const post = (body: string, headers: Record<string, string> = {}) =>
  fetch(`${h.url}/graphql`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      authorization: `Bearer ${h.adminKey}`,
      ...headers,
    },
    body,
  });

beforeAll(async () => {
  h = leftovers.add(
    await startGateway({
      config: { development: false, allowedOrigins: [ALLOWED_ORIGIN], logLevel: 'warn' },
      simulator: { timeScale: 20, instances: 2 },
    }),
    (harness) => harness.stop(),
  );
  dev = leftovers.add(
    await startGateway({
      config: { development: true, logLevel: 'warn' },
      simulator: { instances: 0 },
    }),
    (harness) => harness.stop(),
  );
});

afterAll(() => leftovers.disposeAll());

describe('GET /metrics', () => {
  it('exposes Prometheus metrics without instance ids or secrets', async () => {
    await gql(h.url, h.adminKey, '{ instances { instanceId session { status } } }');
    const response = await fetch(`${h.url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const text = await response.text();
    expect(text).toMatch(/wawp_upstream_requests_total\{route="session\/info",status="200"\} \d+/);
    expect(text).toContain('wawp_upstream_healthy 1');
    expect(text).toMatch(/wawp_ws_connections \d+/);
    expect(text).not.toContain(h.adminKey);
    for (const id of h.gateway.simulator!.instanceIds()) {
      expect(text).not.toContain(id);
    }
  });
});

describe('health', () => {
  it('GET /healthz answers 200 JSON without a key', async () => {
    const response = await fetch(`${h.url}/healthz`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 JSON when the store answers, 503 when it does not', async () => {
    const ready = await fetch(`${h.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await ready.json()).toEqual({ status: 'ready', upstream: 'up' });

    const store = h.gateway.store;
    const ping = store.ping;
    store.ping = () => Promise.reject(new Error('database is gone'));
    try {
      const notReady = await fetch(`${h.url}/readyz`);
      expect(notReady.status).toBe(503);
      const body = (await notReady.json()) as { status: string };
      expect(body.status).toBe('not ready');
      expect(JSON.stringify(body)).not.toContain('database is gone');
    } finally {
      store.ping = ping;
    }
  });
});

describe('request limits over HTTP', () => {
  it('a body over 64 KiB is refused with 413 before it is parsed', async () => {
    const padding = 'x'.repeat(64 * 1024);
    const response = await post(
      JSON.stringify({ query: '{ viewer { role } }', variables: { padding } }),
    );
    expect(response.status).toBe(413);
    // Just under the cap still works.
    const fits = await post(
      JSON.stringify({ query: '{ viewer { role } }', variables: { p: 'x'.repeat(60 * 1024) } }),
    );
    expect(fits.status).toBe(200);
  });

  it('a chunked body without Content-Length is refused with 411', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(`${h.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.write('{"query":"{ viewer { role } }"}');
      req.end();
    });
    expect(status).toBe(411);
  });

  it('a query deeper than 8 is rejected', async () => {
    const deep = '{ a { b { c { d { e { f { g { h { i { j } } } } } } } } } }';
    const result = (await (await post(JSON.stringify({ query: deep }))).json()) as {
      data?: unknown;
      errors: { message: string }[];
    };
    expect(result.data).toBeUndefined();
    expect(result.errors.map((e) => e.message)).toContain(
      'Syntax Error: Query depth limit of 8 exceeded, found 10.',
    );
  });

  it('more than 10 aliases are rejected; 10 are fine', async () => {
    const aliases = (n: number) =>
      `{ ${Array.from({ length: n }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;
    const refused = await gql(h.url, h.adminKey, aliases(11));
    expect(refused.data).toBeNull();
    expect(refused.errors?.map((e) => e.message)).toEqual([
      'Syntax Error: Aliases limit of 10 exceeded, found 11.',
    ]);
    expect(dataOf(await gql(h.url, h.adminKey, aliases(10)))).toHaveProperty('a9');
  });

  it('a document over 2,000 tokens is rejected', async () => {
    const query = `{ ${Array.from({ length: 2_100 }, () => '__typename').join(' ')} }`;
    const result = await gql(h.url, h.adminKey, query);
    expect(result.data).toBeNull();
    expect(result.errors?.[0]?.message).toMatch(/Token limit of 2000 exceeded/);
  });

  it('field suggestions are hidden in production', async () => {
    const result = await gql(h.url, h.adminKey, '{ instancez { instanceId } }');
    expect(result.errors?.[0]?.message).not.toMatch(/Did you mean/);
  });
});

describe('GraphiQL', () => {
  it('is not served when development is false', async () => {
    const response = await fetch(`${h.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).not.toBe(200);
    expect(response.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
    expect(await response.text()).not.toMatch(/graphiql/i);
  });

  it('is served in development (so the check above can fail)', async () => {
    const response = await fetch(`${dev.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/graphiql/i);
  });
});

describe('cross-site requests', () => {
  it('GET cannot run a mutation', async () => {
    const query = encodeURIComponent('mutation { createTenant(name: "via GET") { id } }');
    const response = await fetch(`${h.url}/graphql?query=${query}`, {
      headers: { authorization: `Bearer ${h.adminKey}` },
    });
    expect(response.status).toBe(405);
    const tenants = dataOf(
      await gql<{ tenants: unknown[] }>(h.url, h.adminKey, '{ tenants { id } }'),
    );
    expect(tenants.tenants).toEqual([]);
  });

  it('a simple (form) POST, which a browser sends cross-site without a preflight, is refused (415) and does nothing', async () => {
    const response = await fetch(`${h.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `query=${encodeURIComponent('mutation { createTenant(name: "csrf") { id } }')}`,
    });
    expect(response.status).toBe(415);
    const tenants = dataOf(
      await gql<{ tenants: unknown[] }>(h.url, h.adminKey, '{ tenants { id } }'),
    );
    expect(tenants.tenants).toEqual([]);
  });
});

describe('login secrets are not cached', () => {
  it('qrCode and requestPairingCode answers carry Cache-Control: no-store', async () => {
    const id = h.gateway.simulator!.instanceIds()[0]!;
    const pairing = await post(
      JSON.stringify({
        query:
          'mutation($id: ID!) { requestPairingCode(instanceId: $id, phoneNumber: "+20 114 520 2826") { code } }',
        variables: { id },
      }),
    );
    expect(pairing.status).toBe(200);
    expect(((await pairing.json()) as { data: unknown }).data).not.toBeNull();
    expect(pairing.headers.get('cache-control') ?? '(none)').toMatch(/no-store/);

    const qr = await post(
      JSON.stringify({
        query: 'query($id: ID!) { qrCode(instanceId: $id) { value } }',
        variables: { id },
      }),
    );
    expect(qr.status).toBe(200);
    expect(qr.headers.get('cache-control') ?? '(none)').toMatch(/no-store/);
  });
});

describe('the WebSocket upgrade', () => {
  /** Opens a raw WebSocket and reports whether it upgraded (101) or the HTTP status it got. */
  const upgrade = (origin: string | undefined, path = '/graphql') =>
    new Promise<{ upgraded: boolean; status: number }>((resolve) => {
      const socket = new WebSocket(
        `${toWsUrl(h.url).replace(/\/graphql$/, '')}${path}`,
        'graphql-transport-ws',
        {
          ...(origin === undefined ? {} : { origin }),
        },
      );
      socket.on('upgrade', (res) => {
        resolve({ upgraded: true, status: res.statusCode ?? 0 });
        socket.close();
      });
      socket.on('unexpected-response', (_req, res) => {
        resolve({ upgraded: false, status: res.statusCode ?? 0 });
        res.resume();
        socket.terminate();
      });
      socket.on('error', () => resolve({ upgraded: false, status: 0 }));
    });

  it('refuses Origin https://evil.test with 403 and no 101', async () => {
    expect(await upgrade('https://evil.test')).toEqual({ upgraded: false, status: 403 });
    expect(await upgrade('null')).toEqual({ upgraded: false, status: 403 });
  });

  it('accepts the allow-listed origin, the same origin and non-browser clients', async () => {
    expect(await upgrade(ALLOWED_ORIGIN)).toEqual({ upgraded: true, status: 101 });
    expect(await upgrade(h.url)).toEqual({ upgraded: true, status: 101 });
    expect(await upgrade(undefined)).toEqual({ upgraded: true, status: 101 });
  });

  it('does not upgrade on other paths', async () => {
    expect((await upgrade(undefined, '/elsewhere')).upgraded).toBe(false);
  });

  it('applies the same alias limit over graphql-ws, failing the operation, not the socket', async () => {
    const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
    const query = `{ ${Array.from({ length: 11 }, (_, i) => `a${i}: viewer { role }`).join(' ')} }`;
    const outcome = await wsFirst(connection, query);
    expect(outcome.closeCode, outcome.kind === 'closed' ? outcome.reason : '').toBeNull();
    expect(outcome.result?.errors?.map((e) => e.message)).toEqual([
      'Syntax Error: Aliases limit of 10 exceeded, found 11.',
    ]);
    // Other operations on the same socket carry on.
    expect((await wsFirst(connection, '{ viewer { role } }')).result).toEqual({
      data: { viewer: { role: 'ADMIN' } },
    });
  });

  it('a syntax error over graphql-ws fails the operation, not the socket', async () => {
    const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
    const outcome = await wsFirst(connection, '{ viewer { role }');
    expect(outcome.closeCode, outcome.kind === 'closed' ? outcome.reason : '').toBeNull();
    expect(outcome.result?.errors?.[0]?.message).toMatch(/^Syntax Error/);
    expect((await wsFirst(connection, '{ viewer { role } }')).result).toEqual({
      data: { viewer: { role: 'ADMIN' } },
    });
  });

  it('closes a socket that sends a message over 64 KiB (1009)', async () => {
    const connection = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
    const outcome = await wsFirst(connection, '{ viewer { role } }', {
      pad: 'x'.repeat(70 * 1024),
    });
    expect(outcome.kind).toBe('closed');
    expect(outcome.closeCode).toBe(CloseCode.MessageTooBig);
  });
});
