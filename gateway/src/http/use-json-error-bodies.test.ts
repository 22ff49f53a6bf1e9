import { ErrorCode } from '@wawp-gateway/schema';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useJsonErrorBodies } from './use-json-error-bodies';

describe('useJsonErrorBodies', () => {
  const yoga = createYoga({
    schema: createSchema({
      typeDefs: 'type Query { a: Int } type Subscription { s: Int }',
      resolvers: {
        Subscription: {
          s: {
            subscribe: async function* () {
              yield { s: 1 };
            },
          },
        },
      },
    }),
    graphiql: false,
    plugins: [useJsonErrorBodies()],
    logging: false,
  });
  const coded = async (response: Response, status: number) => {
    expect(response.status).toBe(status);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: ErrorCode.BadUserInput } }],
    });
  };

  it('fills yoga 406 for an accept it cannot serve', async () => {
    await coded(
      await yoga.fetch('http://yoga/graphql?query=%7Ba%7D', { headers: { accept: 'text/html' } }),
      406,
    );
  });

  it('fills yoga 406 for a subscription POSTed for JSON', async () => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ query: 'subscription { s }' }),
    });
    await coded(response, 406);
  });

  it('fills yoga 415 for an unknown content type', async () => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/xml' },
      body: '<q/>',
    });
    await coded(response, 415);
  });

  it('leaves answers with a body alone', async () => {
    const response = await yoga.fetch('http://yoga/graphql?query=%7Ba%7D', {
      headers: { accept: 'application/json' },
    });
    expect(await response.json()).toEqual({ data: { a: null } });
  });
});
