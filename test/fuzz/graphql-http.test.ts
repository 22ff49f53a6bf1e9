/**
 * Property-based tests of GraphQL over HTTP with bad input: for every generated request (fuzzed
 * variables and literals of every operation, wrong types, unknown variables, malformed documents,
 * operationName mismatches, deep and wide selections, broken envelopes, GET parameters, content
 * types, Authorization values) the gateway answers within 5 s, never with a 5xx, with a GraphQL
 * result in JSON whose every error has a message and a code, and no stack trace, internal text
 * or secret. Afterwards it still answers `{ __typename }` and `/healthz`.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import {
  anyJson,
  anyShortText,
  deepLiteralDocument,
  deepSelection,
  malformedDocument,
  manyAliases,
} from './arbitraries';
import {
  ADMIN_CANARY,
  errorLogSummary,
  type FuzzGateway,
  startFuzzGateway,
  startScanning,
  stillHealthy,
} from './fuzz-gateway';
import {
  anyOf,
  type OpCase,
  type OpSpec,
  operationFamilies,
  operationNameCase,
  typedCase,
  wrongCase,
} from './operations';
import { assertHttpOk, httpExchange, postGraphQL } from './transports';

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
    console.info(`gateway error log lines during the HTTP fuzz:\n${errors.join('\n')}`);
  }
  await leftovers.disposeAll();
});

const VALID_DOCUMENTS = [
  '{ viewer { role tenantId } }',
  '{ __typename }',
  'query($id: ID!) { sessionInfo(instanceId: $id) { status stale } }',
  'mutation($n: String!) { createTenant(name: $n) { id } }',
  '{ tenants { id name instances { instanceId } } }',
];

/** Runs `cases` through POST /graphql and checks every answer. */
const postProperty = (cases: fc.Arbitrary<OpCase>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const body: Record<string, unknown> = { query: c.query, variables: c.variables };
      if (c.operationName !== undefined) {
        body.operationName = c.operationName;
      }
      assertHttpOk(await postGraphQL(g.url, g.authorization(c.auth), body), g.secrets);
    }),
    { numRuns, verbose: 1 },
  );

const allSpecs = (): OpSpec[] => [
  ...families.reads,
  ...families.tenantsAndKeys,
  ...families.pairing,
  ...families.namesAndLabels,
  ...families.sessionActions,
];

describe('POST /graphql: well-typed values of every kind', () => {
  it('reads by instance id (instance, sessionInfo, me, qrCode, screenshot)', async () => {
    await postProperty(anyOf(families.reads, typedCase), 150);
  });

  it('tenant and key ids (tenant, issueApiKey, revokeApiKey)', async () => {
    await postProperty(anyOf(families.tenantsAndKeys, typedCase), 150);
  });

  it('phone numbers (requestPairingCode)', async () => {
    await startScanning(g, g.ids[1]!);
    await postProperty(anyOf(families.pairing, typedCase), 150);
  });

  it('tenant names and labels (createTenant, registerInstance, assignInstance, createInstance)', async () => {
    await postProperty(anyOf(families.namesAndLabels, typedCase), 150);
  });

  it('session actions (start, stop, restart, logout, delete)', async () => {
    await postProperty(anyOf(families.sessionActions, typedCase), 100);
  });
});

describe('POST /graphql: requests made wrong', () => {
  it('wrong variable types, missing and unknown variables, mismatched declarations', async () => {
    await postProperty(anyOf(allSpecs(), wrongCase), 200);
  });

  it('malformed documents', async () => {
    await postProperty(
      fc.record({
        field: fc.constant('document'),
        auth: fc.constantFrom('admin' as const, 'tenant' as const),
        query: malformedDocument(VALID_DOCUMENTS),
        variables: fc.constant({ id: 'fuzz', n: 'fuzz' }),
      }),
      150,
    );
  });

  it('operationName that matches no operation, several operations, no operation', async () => {
    await postProperty(
      operationNameCase.map(({ query, operationName }) => ({
        field: 'operationName',
        auth: 'admin' as const,
        query,
        variables: {},
        ...(operationName === undefined ? {} : { operationName: operationName as string }),
      })),
      100,
    );
  });

  it('deeply nested selections and many aliases', async () => {
    await postProperty(
      fc.record({
        field: fc.constant('selection'),
        auth: fc.constantFrom('admin' as const, 'tenant' as const),
        query: fc.oneof(deepSelection, manyAliases(g.ids[0]!)),
        variables: fc.constant({}),
      }),
      100,
    );
  });

  it('deeply nested list and object literals in arguments', async () => {
    await postProperty(
      fc.record({
        field: fc.constant('literal'),
        auth: fc.constant('admin' as const),
        query: deepLiteralDocument,
        variables: fc.constant({}),
      }),
      40,
    );
  });

  it('envelopes of the wrong shape: not JSON, wrong param types, batches, extra fields', async () => {
    const valid = fc.constantFrom(...VALID_DOCUMENTS);
    const envelope = fc.oneof(
      anyShortText(100),
      fc.constantFrom(
        '',
        'null',
        '[]',
        '{}',
        '0',
        '"x"',
        'true',
        '{nope',
        '{"query":',
        '{"query": NaN}',
        '{"query":"query($id: ID!) { sessionInfo(instanceId: $id) { status } }","variables":{"id":1e999}}',
        '\ufeff{"query":"{ __typename }"}',
        '{"query":"{ __typename }"}garbage',
        '{"query":"{ __typename }","query":"{ viewer { role } }"}',
        '{"query":"{ __typename }","__proto__":{"query":"{ viewer { role } }"}}',
      ),
      anyJson.map((value) => JSON.stringify(value)),
      fc.record({ query: anyJson }).map((b) => JSON.stringify(b)),
      fc.record({ query: valid, variables: anyJson }).map((b) => JSON.stringify(b)),
      fc.record({ query: valid, operationName: anyJson }).map((b) => JSON.stringify(b)),
      fc.record({ query: valid, extensions: anyJson }).map((b) => JSON.stringify(b)),
      fc
        .record({ query: valid, extensions: fc.record({ persistedQuery: anyJson }) })
        .map((b) => JSON.stringify(b)),
      fc
        .tuple(valid, fc.dictionary(fc.string({ maxLength: 10 }), anyJson, { maxKeys: 4 }))
        .map(([query, extra]) => JSON.stringify({ ...extra, query })),
      fc.array(fc.record({ query: valid }), { maxLength: 3 }).map((b) => JSON.stringify(b)),
    );
    await fc.assert(
      fc.asyncProperty(
        envelope,
        fc.constantFrom('admin' as const, 'none' as const),
        async (body, auth) => {
          assertHttpOk(await postGraphQL(g.url, g.authorization(auth), body), g.secrets);
        },
      ),
      { numRuns: 150, verbose: 1 },
    );
  });
});

describe('GET /graphql with fuzzed parameters', () => {
  it('query, variables, operationName and extensions of every kind', async () => {
    const param = (arb: fc.Arbitrary<string>) => fc.option(arb, { nil: undefined });
    const params = fc.record({
      query: param(
        fc.oneof(
          fc.constantFrom(...VALID_DOCUMENTS, 'mutation { revokeApiKey(id: "fuzz") }'),
          malformedDocument(VALID_DOCUMENTS),
          operationNameCase.map((c) => c.query),
        ),
      ),
      variables: param(
        fc.oneof(
          anyJson.map((value) => JSON.stringify(value)),
          anyShortText(50),
          fc.constantFrom(
            '{nope',
            '{',
            'null',
            '[]',
            '{"id":',
            '%7B',
            '{"id":1e999}',
            '{"id":"\\u0000"}',
          ),
          fc.constantFrom(...g.ids).map((id) => JSON.stringify({ id })),
        ),
      ),
      operationName: param(anyShortText(20)),
      extensions: param(
        fc.oneof(
          anyJson.map((value) => JSON.stringify(value)),
          anyShortText(20),
        ),
      ),
    });
    await fc.assert(
      fc.asyncProperty(params, async (p) => {
        const search = new URLSearchParams(
          Object.entries(p).filter((entry): entry is [string, string] => entry[1] !== undefined),
        );
        const exchange = await httpExchange(g.url, {
          method: 'GET',
          path: `/graphql?${search.toString()}`,
          headers: {
            accept: 'application/graphql-response+json, application/json',
            authorization: `Bearer ${ADMIN_CANARY}`,
          },
        });
        exchange.sent = { method: 'GET', params: p };
        assertHttpOk(exchange, g.secrets);
      }),
      { numRuns: 100, verbose: 1 },
    );
  });
});

describe('the HTTP edge', () => {
  it('content types, accept headers, methods, oversized and chunked bodies', async () => {
    const request = fc.record({
      method: fc.constantFrom('POST', 'POST', 'POST', 'PUT', 'PATCH', 'DELETE'),
      contentType: fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'APPLICATION/JSON',
        'application/graphql-response+json',
        'application/graphql',
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        '*/*',
        '',
      ),
      accept: fc.constantFrom(
        'application/json',
        'application/graphql-response+json',
        '*/*',
        'text/html',
        'application/xml',
        '',
      ),
      body: fc.constantFrom('small', 'small', 'oversized', 'chunked'),
    });
    await fc.assert(
      fc.asyncProperty(request, async (r) => {
        const small = JSON.stringify({ query: '{ viewer { role } }' });
        const body =
          r.body === 'oversized'
            ? JSON.stringify({ query: '{ viewer { role } }', variables: { x: 'x'.repeat(70_000) } })
            : r.body === 'chunked'
              ? new ReadableStream<Uint8Array>({
                  start(controller) {
                    controller.enqueue(new TextEncoder().encode(small));
                    controller.close();
                  },
                })
              : small;
        const exchange = await httpExchange(g.url, {
          method: r.method,
          headers: {
            'content-type': r.contentType,
            accept: r.accept,
            authorization: `Bearer ${ADMIN_CANARY}`,
          },
          body,
        });
        exchange.sent = { ...r, body: r.body === 'oversized' ? '<70 KB>' : small };
        assertHttpOk(exchange, g.secrets, { json: r.method === 'POST' });
      }),
      { numRuns: 60, verbose: 1 },
    );
  });

  it('Authorization values of every kind', async () => {
    const key = () => g.tenantKey;
    const authorization = fc.oneof(
      fc.constantFrom(
        'Bearer',
        'Bearer ',
        `bearer ${ADMIN_CANARY}`,
        `BEARER ${ADMIN_CANARY}`,
        `Basic ${Buffer.from(`admin:${ADMIN_CANARY}`).toString('base64')}`,
        ADMIN_CANARY,
        `Bearer ${ADMIN_CANARY}x`,
        `Bearer ${ADMIN_CANARY.slice(0, -1)}`,
        `Bearer  ${ADMIN_CANARY}`,
        `Bearer ${ADMIN_CANARY}, Bearer x`,
        'Bearer null',
        'Bearer undefined',
        'Bearer wgk_',
        `Bearer ${'a'.repeat(8_000)}`,
      ),
      fc
        .constantFrom('x', 'upper', 'cut')
        .map((how) =>
          how === 'x'
            ? `Bearer ${key()}x`
            : how === 'upper'
              ? `Bearer ${key().toUpperCase()}`
              : `Bearer ${key().slice(0, 12)}`,
        ),
      fc.string({ maxLength: 200 }).map((s) => `Bearer ${s}`),
      fc.string({ maxLength: 200 }),
    );
    const query = fc.constantFrom(
      '{ viewer { role tenantId } }',
      '{ instances { instanceId } }',
      `{ sessionInfo(instanceId: ${JSON.stringify(g.ids[0])}) { status } }`,
      'mutation { createTenant(name: "fuzz auth") { id } }',
    );
    await fc.assert(
      fc.asyncProperty(authorization, query, async (value, q) => {
        const exchange = await postGraphQL(g.url, value, { query: q });
        // The header itself was sent: only the response may not echo the canary.
        exchange.sent = { query: q };
        assertHttpOk(exchange, g.secrets);
      }),
      { numRuns: 100, verbose: 1 },
    );
  });
});

describe('after the fuzzing', () => {
  it('the gateway still answers { __typename } and /healthz', async () => {
    const { typename, health } = await stillHealthy(g.url);
    expect(typename).toEqual({ __typename: 'Query' });
    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
