import { ErrorCode } from '@wawp-gateway/schema';
import { GraphQLError } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { useErrorCodes, withErrorCode } from './use-error-codes';

describe('withErrorCode', () => {
  it('gives an uncoded request error BAD_USER_INPUT and a field error INTERNAL', () => {
    expect(withErrorCode(new GraphQLError('Syntax Error: x')).extensions.code).toBe(
      ErrorCode.BadUserInput,
    );
    expect(
      withErrorCode(new GraphQLError('Cannot return null', { path: ['a'] })).extensions.code,
    ).toBe(ErrorCode.Internal);
  });

  it('keeps an existing code and the error itself', () => {
    const error = new GraphQLError('x', { extensions: { code: 'GRAPHQL_PARSE_FAILED' } });
    expect(withErrorCode(error)).toBe(error);
  });

  it('strips extensions.originalError, keeping the code', () => {
    const error = new GraphQLError('POST body sent invalid JSON.', {
      extensions: { code: 'BAD_REQUEST', originalError: { name: 'SyntaxError', message: 'x' } },
    });
    expect(withErrorCode(error).toJSON()).toEqual({
      message: 'POST body sent invalid JSON.',
      extensions: { code: 'BAD_REQUEST' },
    });
  });

  it('leaves a wrapped non-GraphQL error to masking', () => {
    const error = new GraphQLError('boom', { originalError: new Error('boom'), path: ['a'] });
    expect(withErrorCode(error)).toBe(error);
  });
});

describe('useErrorCodes', () => {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { a(id: ID!): ID }', resolvers: {} }),
    plugins: [useErrorCodes()],
    logging: false,
  });
  const post = async (body: string) => {
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
  };

  it('codes variable coercion errors', async () => {
    const body = await post(
      JSON.stringify({ query: 'query($id: ID!) { a(id: $id) }', variables: { id: false } }),
    );
    expect(body.errors[0]?.extensions.code).toBe(ErrorCode.BadUserInput);
    const missing = await post(JSON.stringify({ query: 'query($id: ID!) { a(id: $id) }' }));
    expect(missing.errors[0]?.extensions.code).toBe(ErrorCode.BadUserInput);
  });

  it('strips originalError from a bad body', async () => {
    const body = await post('{nope');
    expect(body.errors[0]?.extensions).not.toHaveProperty('originalError');
    expect(body.errors[0]?.extensions.code).toBeTruthy();
  });
});
