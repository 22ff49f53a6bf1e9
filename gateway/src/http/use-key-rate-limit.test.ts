import { ErrorCode } from '@wawp-gateway/schema';
import { createSchema, createYoga, type Plugin } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { createKeyRateLimit } from './key-rate-limit';
import { rateLimitedSubscribeError, useKeyRateLimit } from './use-key-rate-limit';

const schema = createSchema({
  typeDefs: /* GraphQL */ `
    type Query { ok: Boolean }
    type Subscription { ticks: Int! }
  `,
  resolvers: {
    Query: { ok: () => true },
    Subscription: {
      ticks: {
        async *subscribe() {
          yield { ticks: 1 };
        },
      },
    },
  },
});

/** A route answered in `onRequest`, like `/healthz`, `/metrics` or the webhook. */
const healthz: Plugin = {
  onRequest({ url, fetchAPI, endResponse }) {
    if (url.pathname === '/healthz') {
      endResponse(fetchAPI.Response.json({ status: 'ok' }));
    }
  },
};

function setup() {
  const clock = { t: 0 };
  const limit = createKeyRateLimit({
    perSecond: 1,
    burst: 2,
    adminPerSecond: 10,
    adminBurst: 5,
    now: () => clock.t,
  });
  const yoga = createYoga({
    schema,
    plugins: [
      healthz,
      useKeyRateLimit({ limit, isAdmin: (authorization) => authorization === 'Bearer admin' }),
    ],
  });
  const query = (authorization?: string, address = '10.0.0.1') =>
    yoga.fetch(
      'http://gateway/graphql',
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: 'http://app',
          ...(authorization ? { authorization } : {}),
        },
        body: JSON.stringify({ query: '{ ok }' }),
      },
      { req: { socket: { remoteAddress: address } } },
    );
  return { clock, yoga, query };
}

describe('useKeyRateLimit', () => {
  it('answers 429 with Retry-After and a RATE_LIMITED error past the budget', async () => {
    const { query } = setup();
    expect((await query('Bearer t1')).status).toBe(200);
    expect((await query('Bearer t1')).status).toBe(200);
    const refused = await query('Bearer t1');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('1');
    // onResponse hooks still run: CORS headers let a browser read the 429
    expect(refused.headers.get('access-control-allow-origin')).toBe('http://app');
    expect(await refused.json()).toEqual({
      errors: [
        {
          message: 'Too many requests for this key; retry after 1000 ms',
          extensions: { code: ErrorCode.RateLimited, retryAfterMs: 1000 },
        },
      ],
    });
  });

  it('lets the key through again once a token is back', async () => {
    const { clock, query } = setup();
    await query('Bearer t1');
    await query('Bearer t1');
    expect((await query('Bearer t1')).status).toBe(429);
    clock.t += 1_000;
    expect((await query('Bearer t1')).status).toBe(200);
  });

  it('leaves other keys, anonymous callers elsewhere and the admin key alone', async () => {
    const { query } = setup();
    for (let i = 0; i < 3; i++) {
      await query('Bearer t1');
      await query(undefined, '10.0.0.1');
    }
    expect((await query('Bearer t1')).status).toBe(429);
    expect((await query(undefined, '10.0.0.1')).status).toBe(429);
    expect((await query('Bearer t2')).status).toBe(200);
    expect((await query(undefined, '10.0.0.2')).status).toBe(200);
    const admin = await Promise.all(Array.from({ length: 6 }, () => query('Bearer admin')));
    expect(admin.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
  });

  it('counts SSE subscriptions', async () => {
    const { yoga, query } = setup();
    const subscribe = () =>
      yoga.fetch('http://gateway/graphql?query=subscription{ticks}', {
        headers: { accept: 'text/event-stream', authorization: 'Bearer t1' },
      });
    const first = await subscribe();
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/event-stream');
    expect(await first.text()).toContain('"ticks":1');
    await query('Bearer t1');
    expect((await subscribe()).status).toBe(429);
  });

  it('does not count routes outside GraphQL, preflights or unknown paths', async () => {
    const { yoga, query } = setup();
    const headers = { authorization: 'Bearer t1' };
    for (let i = 0; i < 5; i++) {
      expect((await yoga.fetch('http://gateway/healthz', { headers })).status).toBe(200);
      expect((await yoga.fetch('http://gateway/nope', { headers })).status).toBe(404);
      const preflight = await yoga.fetch('http://gateway/graphql', {
        method: 'OPTIONS',
        headers: { origin: 'http://app', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
    }
    expect((await query('Bearer t1')).status).toBe(200);
    expect((await query('Bearer t1')).status).toBe(200);
    expect((await query('Bearer t1')).status).toBe(429);
  });
});

describe('rateLimitedSubscribeError', () => {
  it('is the RATE_LIMITED error with retryAfterMs', () => {
    const error = rateLimitedSubscribeError(50);
    expect(error.message).toBe('Too many requests for this key; retry after 50 ms');
    expect(error.extensions).toMatchObject({ code: ErrorCode.RateLimited, retryAfterMs: 50 });
  });
});
