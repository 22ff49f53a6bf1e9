/**
 * Property-based tests of GraphQL over SSE (`accept: text/event-stream`, GET with query
 * parameters or POST with a JSON body) with bad input: `sessionEvents(instanceId:, after:)` with
 * fuzzed ids and cursors, wrong types, unknown variables, `variables` that are not JSON,
 * malformed documents and operationName mismatches. The answer starts within 5 s, never with a
 * 5xx; its first event is `next` with data or with errors that each carry a code (or, for a
 * resume from a valid cursor with nothing new, nothing yet); nothing leaks internals or secrets.
 * Each stream is aborted after its first event, and none is left behind.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import { waitFor } from '../utils/wait';
import { anyJson, anyShortText, malformedDocument } from './arbitraries';
import { assertNoProblems } from './checks';
import {
  errorLogSummary,
  type FuzzGateway,
  gauge,
  startFuzzGateway,
  stillHealthy,
} from './fuzz-gateway';
import {
  EVENT_SELECTION,
  type OpCase,
  operationFamilies,
  operationNameCase,
  typedCase,
  wrongCase,
} from './operations';
import { sseFirst, sseProblems } from './transports';

/** How long a stream that must send an event may take to send it. */
const FIRST_EVENT_MS = 3_000;
/** How long a legitimately silent stream is watched before it is aborted. */
const SILENCE_MS = 750;

const leftovers = createLeftovers();
let g: FuzzGateway;
let families: ReturnType<typeof operationFamilies>;

beforeAll(async () => {
  g = await startFuzzGateway(leftovers);
  families = operationFamilies(g);
}, 60_000);

afterAll(async () => {
  const errors = errorLogSummary(g?.h.logs ?? []);
  if (errors.length > 0) {
    console.info(`gateway error log lines during the SSE fuzz:\n${errors.join('\n')}`);
  }
  await leftovers.disposeAll();
});

interface SseCase {
  auth: 'admin' | 'tenant';
  method: 'GET' | 'POST';
  query: string;
  /** Variables as an object, or (GET only) the raw `variables` parameter. */
  variables: Record<string, unknown> | string;
  operationName?: string;
  silenceAllowed: boolean;
}

const withTransport = (
  cases: fc.Arbitrary<Omit<SseCase, 'method'>>,
  methods: readonly ('GET' | 'POST')[] = ['GET', 'POST'],
) => fc.tuple(cases, fc.constantFrom(...methods)).map(([c, method]): SseCase => ({ ...c, method }));

const fromOpCase = (c: OpCase) => ({
  auth: c.auth === 'tenant' ? ('tenant' as const) : ('admin' as const),
  query: c.query,
  variables: c.variables,
  silenceAllowed: c.silenceAllowed === true,
});

/** Opens each case as an SSE stream and checks its first event. */
const sseProperty = (cases: fc.Arbitrary<SseCase>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const params: Record<string, string> = {
        query: c.query,
        variables: typeof c.variables === 'string' ? c.variables : JSON.stringify(c.variables),
      };
      if (c.operationName !== undefined) {
        params.operationName = c.operationName;
      }
      const request =
        c.method === 'GET'
          ? { method: 'GET' as const, params }
          : {
              method: 'POST' as const,
              body: { query: c.query, variables: c.variables, operationName: c.operationName },
            };
      const outcome = await sseFirst(
        g.url,
        g.authorization(c.auth),
        request,
        c.silenceAllowed ? SILENCE_MS : FIRST_EVENT_MS,
      );
      assertNoProblems(
        sseProblems(outcome, g.secrets, { silenceAllowed: c.silenceAllowed }),
        outcome.sent,
        outcome,
      );
    }),
    { numRuns, verbose: 1 },
  );

describe('SSE subscriptions with fuzzed input', () => {
  it('sessionEvents(instanceId:, after:) with fuzzed ids and cursors', async () => {
    await sseProperty(withTransport(typedCase(families.events).map(fromOpCase)), 50);
  });

  it('wrong variable types, missing and unknown variables, mismatched declarations', async () => {
    await sseProperty(withTransport(wrongCase(families.events).map(fromOpCase)), 50);
  });

  it('a `variables` parameter that is not a JSON object', async () => {
    const query = `subscription($id: ID, $after: String) { sessionEvents(instanceId: $id, after: $after) { ${EVENT_SELECTION} } }`;
    const variables = fc.oneof(
      anyShortText(60),
      anyJson.map((value) => JSON.stringify(value)),
      fc.constantFrom(
        '{nope',
        '{',
        '[]',
        '{"id":',
        '%7B',
        '{"id":1e999}',
        '{"after":"\\u0000"}',
        '',
      ),
    );
    await sseProperty(
      withTransport(
        fc.record({
          auth: fc.constantFrom('admin' as const, 'tenant' as const),
          query: fc.constant(query),
          variables,
          silenceAllowed: fc.constant(false),
        }),
        ['GET'],
      ),
      40,
    );
  });

  it('malformed documents and operationName mismatches', async () => {
    const documents = fc.record({
      auth: fc.constantFrom('admin' as const, 'tenant' as const),
      query: malformedDocument([
        `subscription($id: ID) { sessionEvents(instanceId: $id) { ${EVENT_SELECTION} } }`,
        '{ viewer { role } }',
      ]),
      variables: fc.constant({}),
      silenceAllowed: fc.constant(false),
    });
    const names = operationNameCase.map(({ query, operationName }) => ({
      auth: 'admin' as const,
      query,
      variables: {},
      ...(typeof operationName === 'string' ? { operationName } : {}),
      silenceAllowed: false,
    }));
    await sseProperty(withTransport(fc.oneof(documents, names), ['GET', 'POST']), 40);
  });
});

describe('after the fuzzing', () => {
  it('no stream is left behind, and the gateway still answers', async () => {
    await waitFor(async () => (await gauge(g.url, 'wawp_subscribers')) === 0, 10_000, 200);
    const { typename, health } = await stillHealthy(g.url);
    expect(typename).toEqual({ __typename: 'Query' });
    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
