import type { Viewer } from '@wawp-gateway/schema';
import type { ExecutionResult } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { describe, expect, it } from 'vitest';
import { admin } from '../testing/hub-fixtures';
import { useSharedExecution } from './use-shared-execution';

interface Payload {
  id: string;
}

function createBroadcaster() {
  const listeners = new Set<(payload: Payload) => void>();
  return {
    publish: (payload: Payload) => {
      for (const listener of listeners) {
        listener(payload);
      }
    },
    iterator(): AsyncIterableIterator<Payload> {
      const queue: Payload[] = [];
      const waiting: ((r: IteratorResult<Payload>) => void)[] = [];
      const listener = (payload: Payload) => {
        const resolve = waiting.shift();
        resolve ? resolve({ done: false, value: payload }) : queue.push(payload);
      };
      listeners.add(listener);
      return {
        next: () => {
          const value = queue.shift();
          return value
            ? Promise.resolve({ done: false, value })
            : new Promise((resolve) => waiting.push(resolve));
        },
        return: async () => {
          listeners.delete(listener);
          return { done: true, value: undefined };
        },
        [Symbol.asyncIterator]() {
          return this;
        },
      };
    },
    get size() {
      return listeners.size;
    },
  };
}

function setup() {
  const broadcaster = createBroadcaster();
  let executions = 0;
  const schema = createSchema({
    typeDefs: /* GraphQL */ `
      type Query { ok: Boolean }
      type Event { id: ID! label(upper: Boolean): String! }
      type Subscription { events: Event! }
    `,
    resolvers: {
      Subscription: {
        events: { subscribe: () => broadcaster.iterator(), resolve: (payload: Payload) => payload },
      },
      Event: {
        label: (event: Payload, args: { upper?: boolean }) => {
          executions += 1;
          return args.upper ? event.id.toUpperCase() : event.id;
        },
      },
    },
  });
  const yoga = createYoga({ schema, plugins: [useSharedExecution()], logging: false });
  const open = async (query: string, viewer: Viewer, variables: Record<string, unknown> = {}) => {
    const { subscribe, parse, contextFactory } = yoga.getEnveloped({ viewer });
    const result = await subscribe({
      schema,
      document: parse(query),
      contextValue: await contextFactory(),
      variableValues: variables,
    });
    return (result as AsyncIterableIterator<ExecutionResult>)[Symbol.asyncIterator]();
  };
  return { broadcaster, open, executions: () => executions };
}

const query = 'subscription($upper: Boolean) { events { id label(upper: $upper) } }';

describe('useSharedExecution', () => {
  it('executes once per event for 1,000 subscribers of one shape', async () => {
    const t = setup();
    const iterators = await Promise.all(Array.from({ length: 1_000 }, () => t.open(query, admin)));
    for (const id of ['a', 'b', 'c']) {
      t.broadcaster.publish({ id });
      const results = await Promise.all(iterators.map((iterator) => iterator.next()));
      expect(results.every((r) => !r.done && r.value.data?.events)).toBe(true);
      expect(results[999]?.value.data).toEqual({ events: { id, label: id } });
    }
    expect(t.executions()).toBe(3);
    await Promise.all(iterators.map((iterator) => iterator.return?.()));
    expect(t.broadcaster.size).toBe(0);
  });

  it('executes once per distinct shape: variables and viewer scope split it', async () => {
    const t = setup();
    const tenant: Viewer = { role: 'tenant', tenantId: 't1' };
    const iterators = await Promise.all([
      ...Array.from({ length: 50 }, () => t.open(query, admin, { upper: false })),
      ...Array.from({ length: 50 }, () => t.open(query, admin, { upper: true })),
    ]);
    t.broadcaster.publish({ id: 'x' });
    const results = await Promise.all(iterators.map((iterator) => iterator.next()));
    expect(t.executions()).toBe(2);
    expect(results[0]?.value.data).toEqual({ events: { id: 'x', label: 'x' } });
    expect(results[99]?.value.data).toEqual({ events: { id: 'x', label: 'X' } });

    const other = await t.open(query, tenant, { upper: false });
    t.broadcaster.publish({ id: 'y' });
    await Promise.all([...iterators, other].map((iterator) => iterator.next()));
    expect(t.executions()).toBe(2 + 3);
  });
});
