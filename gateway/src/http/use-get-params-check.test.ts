import { ErrorCode } from '@wawp-gateway/schema';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { badGetParam, useGetParamsCheck } from './use-get-params-check';

describe('badGetParam', () => {
  it('takes JSON objects, null and empty or absent parameters', () => {
    for (const search of [
      '',
      'variables=',
      'variables=%7B%7D',
      'variables=null',
      'extensions=%7B%22a%22%3A1%7D',
    ]) {
      expect(badGetParam(new URLSearchParams(search))).toBeNull();
    }
  });

  it('refuses what is not JSON, or not an object', () => {
    for (const search of [
      'variables=%7Bnope',
      'extensions=%20',
      'variables=%00',
      'variables=%5B%5D',
      'extensions=1',
    ]) {
      expect(badGetParam(new URLSearchParams(search))).not.toBeNull();
    }
  });
});

describe('useGetParamsCheck', () => {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { a: Int }', resolvers: {} }),
    plugins: [useGetParamsCheck()],
    logging: false,
  });

  it.each(['application/json', 'text/event-stream'])(
    'answers 400 with a coded JSON error (accept %s)',
    async (accept) => {
      const response = await yoga.fetch('http://yoga/graphql?query=%7Ba%7D&variables=%7Bnope', {
        headers: { accept },
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/application\/json/);
      expect(await response.json()).toMatchObject({
        errors: [{ extensions: { code: ErrorCode.BadUserInput } }],
      });
    },
  );
});
