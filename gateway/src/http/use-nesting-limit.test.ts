import { maxTokensPlugin } from '@escape.tech/graphql-armor-max-tokens';
import { ErrorCode } from '@wawp-gateway/schema';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { nestsDeeperThan, useNestingLimit } from './use-nesting-limit';

describe('nestsDeeperThan', () => {
  it('counts braces, brackets and parentheses together', () => {
    expect(nestsDeeperThan('{ a(x: [{ b: 1 }]) { c } }', 4)).toBe(false);
    expect(nestsDeeperThan('{ a(x: [{ b: 1 }]) { c } }', 3)).toBe(true);
    expect(nestsDeeperThan(`${'['.repeat(65)}${']'.repeat(65)}`, 64)).toBe(true);
    expect(nestsDeeperThan(`${'['.repeat(64)}${']'.repeat(64)}`, 64)).toBe(false);
  });

  it('ignores brackets in strings, block strings and comments', () => {
    const inside = '{'.repeat(100);
    expect(nestsDeeperThan(`{ a(s: "${inside}\\"${inside}") }`, 2)).toBe(false);
    expect(nestsDeeperThan(`{ a(s: """${inside}\\"""${inside}""") }`, 2)).toBe(false);
    expect(nestsDeeperThan(`# ${inside}\n{ a }`, 2)).toBe(false);
  });

  it('does not let closers outside any opener hide an opener', () => {
    expect(nestsDeeperThan(`}}}}${'{'.repeat(5)}`, 4)).toBe(true);
  });
});

describe('useNestingLimit', () => {
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { a(x: [Int]): Int }', resolvers: {} }),
    plugins: [useNestingLimit(64), maxTokensPlugin({ n: 100_000 })],
    logging: false,
  });

  it('refuses a 2,000-level literal with BAD_USER_INPUT before armor overflows', async () => {
    const query = `{ a(x: ${'['.repeat(2_000)}${']'.repeat(2_000)}) }`;
    const response = await yoga.fetch('http://yoga/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query }),
    });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };
    expect(body.errors[0]?.extensions.code).toBe(ErrorCode.BadUserInput);
  });
});
