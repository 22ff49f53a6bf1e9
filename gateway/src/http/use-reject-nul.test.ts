import { ErrorCode } from '@wawp-gateway/schema';
import { parse } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { containsNul, documentContainsNul, useRejectNul } from './use-reject-nul';

describe('containsNul', () => {
  it('finds a NUL in any string, key or depth', () => {
    expect(containsNul({ id: 'a\u0000b' })).toBe(true);
    expect(containsNul({ list: [[['x', '\u0000']]] })).toBe(true);
    expect(containsNul({ 'k\u0000': 1 })).toBe(true);
    expect(containsNul({ id: 'abc', n: 1, b: null, l: [true] })).toBe(false);
    expect(containsNul(undefined)).toBe(false);
  });

  it('survives a value nested thousands of levels deep', () => {
    const deep = JSON.parse(`${'['.repeat(5_000)}"\\u0000"${']'.repeat(5_000)}`);
    expect(containsNul(deep)).toBe(true);
  });
});

describe('documentContainsNul', () => {
  it('finds an escaped NUL in a string literal, not elsewhere', () => {
    expect(documentContainsNul(parse('{ a(id: "x\\u0000") }'))).toBe(true);
    expect(documentContainsNul(parse('{ a(id: ["ok", "\\u0000"]) }'))).toBe(true);
    expect(documentContainsNul(parse('{ a(id: "x\\\\u0000") }'))).toBe(false);
  });
});

describe('useRejectNul', () => {
  let resolved = 0;
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { a(id: ID): ID } type Subscription { s(id: ID): ID }',
      resolvers: {
        Query: {
          a: (_: unknown, { id }: { id: string }) => {
            resolved += 1;
            return id;
          },
        },
        Subscription: {
          s: {
            subscribe: async function* () {
              resolved += 1;
              yield { s: 'x' };
            },
          },
        },
      },
    }),
    plugins: [useRejectNul()],
    logging: false,
  });
  const post = async (query: string, variables: Record<string, unknown> = {}) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, variables }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('refuses NUL in variables and literals with BAD_USER_INPUT, before resolving', async () => {
    resolved = 0;
    for (const answer of [
      await post('query($id: ID) { a(id: $id) }', { id: 'x\u0000' }),
      await post('{ a(id: "x\\u0000") }'),
      await post('query($id: ID) { a(id: $id) }', { id: 'ok', unused: ['\u0000'] }),
    ]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({
        errors: [{ extensions: { code: ErrorCode.BadUserInput } }],
      });
    }
    const stream = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
      body: JSON.stringify({ query: 'subscription { s(id: "\\u0000") }' }),
    });
    expect(await stream.text()).toContain(ErrorCode.BadUserInput);
    expect(resolved).toBe(0);
    expect((await post('{ a(id: "fine") }')).body).toEqual({ data: { a: 'fine' } });
  });
});
