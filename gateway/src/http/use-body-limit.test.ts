import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useBodyLimit } from './use-body-limit';

describe('useBodyLimit', () => {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { a(s: String): String }',
      resolvers: { Query: { a: (_: unknown, { s }: { s: string | null }) => s } },
    }),
    maxRequestBodySize: false,
    logging: false,
    plugins: [useBodyLimit(200)],
  });
  const body = (s: string) =>
    JSON.stringify({ query: 'query($s: String) { a(s: $s) }', variables: { s } });
  const post = (text: string, headers: Record<string, string> = {}) =>
    yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: text,
    });
  /** A body with no declared length (a stream), as a chunked request's would be. */
  const streamed = (text: string) =>
    yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: new Blob([text]).stream(),
      duplex: 'half',
    });

  it('accepts a body within the limit, declared or streamed', async () => {
    const small = body('hi');
    const declared = await post(small, { 'content-length': String(Buffer.byteLength(small)) });
    expect(await declared.json()).toEqual({ data: { a: 'hi' } });
    const unsized = await streamed(small);
    expect(await unsized.json()).toEqual({ data: { a: 'hi' } });
  });

  it('refuses a declared length over the limit, or an invalid one, before reading', async () => {
    const big = body('x'.repeat(300));
    expect((await post(big, { 'content-length': String(big.length) })).status).toBe(413);
    expect((await post(body('hi'), { 'content-length': '1, 2' })).status).toBe(400);
  });

  it('refuses a streamed body once it passes the limit', async () => {
    const response = await streamed(body('x'.repeat(300)));
    expect(response.status).toBe(413);
  });
});
