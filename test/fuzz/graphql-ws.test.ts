/**
 * Property-based tests of graphql-ws with bad input: fuzzed variables and literals of every
 * operation, `sessionEvents(instanceId:, after:)` with fuzzed ids and cursors, wrong types,
 * unknown variables, malformed documents, operationName mismatches, raw protocol messages and
 * connection params. Every operation is answered on that operation (a result, or errors with a
 * code) within the bound, or, for a resume from a valid cursor with nothing new, stays silent;
 * no socket is closed for a bad operation (never 4500), no text leaks internals or secrets.
 *
 * The per-socket limits (20 subscriptions, 20 messages/s in bursts of 40) are kept: one
 * operation at a time, each completed before the next, at most 8 per socket.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { toWsUrl } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { waitFor } from '../utils/wait';
import { anyJson, anyShortText, deepLiteralDocument, malformedDocument } from './arbitraries';
import {
  assertNoProblems,
  echoOf,
  errorListProblems,
  leakProblems,
  resultProblems,
} from './checks';
import {
  ADMIN_CANARY,
  errorLogSummary,
  type FuzzGateway,
  gauge,
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
import { createWsPool, wsOperation, wsProblems } from './transports';

/** How long an operation that must answer may take. */
const ANSWER_MS = 5_000;
/** How long a legitimately silent subscription is watched before it is completed. */
const SILENCE_MS = 750;

const leftovers = createLeftovers();
let g: FuzzGateway;
let families: ReturnType<typeof operationFamilies>;
let pools: Record<'admin' | 'tenant', ReturnType<typeof createWsPool>>;

beforeAll(async () => {
  g = await startFuzzGateway(leftovers);
  families = operationFamilies(g);
  await startScanning(g, g.ids[1]!);
  pools = {
    admin: leftovers.add(createWsPool(g.url, `Bearer ${ADMIN_CANARY}`), (p) => p.dispose()),
    tenant: leftovers.add(createWsPool(g.url, `Bearer ${g.tenantKey}`), (p) => p.dispose()),
  };
}, 60_000);

afterAll(async () => {
  const errors = errorLogSummary(g?.h.logs ?? []);
  if (errors.length > 0) {
    console.info(`gateway error log lines during the graphql-ws fuzz:\n${errors.join('\n')}`);
  }
  await leftovers.disposeAll();
});

const allSpecs = (): OpSpec[] => [
  ...families.reads,
  ...families.tenantsAndKeys,
  ...families.pairing,
  ...families.namesAndLabels,
  ...families.sessionActions,
];

/** Runs each case as one graphql-ws operation and checks what it did first. */
const wsProperty = (cases: fc.Arbitrary<OpCase>, numRuns: number) =>
  fc.assert(
    fc.asyncProperty(cases, async (c) => {
      const pool = pools[c.auth === 'tenant' ? 'tenant' : 'admin'];
      const connection = await pool.next();
      const payload = {
        query: c.query,
        variables: c.variables,
        ...(c.operationName === undefined ? {} : { operationName: c.operationName }),
      };
      const silent = c.silenceAllowed === true;
      const outcome = await wsOperation(connection, payload, silent ? SILENCE_MS : ANSWER_MS);
      assertNoProblems(
        wsProblems(outcome, payload, g.secrets, { silenceAllowed: silent }),
        payload,
        outcome,
      );
    }),
    { numRuns, verbose: 1 },
  );

describe('graphql-ws operations with fuzzed input', () => {
  it('queries and mutations with well-typed values of every kind', async () => {
    await wsProperty(anyOf(allSpecs(), typedCase), 60);
  });

  it('sessionEvents(instanceId:, after:) with fuzzed ids and cursors', async () => {
    await wsProperty(typedCase(families.events), 50);
  });

  it('wrong variable types, missing and unknown variables, mismatched declarations', async () => {
    await wsProperty(anyOf([...allSpecs(), families.events, families.events], wrongCase), 60);
  });

  it('malformed documents and operationName mismatches', async () => {
    await wsProperty(
      fc.oneof(
        fc.record({
          field: fc.constant('document'),
          auth: fc.constantFrom('admin' as const, 'tenant' as const),
          query: malformedDocument([
            '{ viewer { role } }',
            'subscription($id: ID) { sessionEvents(instanceId: $id) { cursor } }',
          ]),
          variables: fc.constant({}),
        }),
        operationNameCase.map(({ query, operationName }) => ({
          field: 'operationName',
          auth: 'admin' as const,
          query,
          variables: {},
          ...(typeof operationName === 'string' ? { operationName } : {}),
        })),
      ),
      50,
    );
  });

  it('deeply nested list and object literals in arguments', async () => {
    await wsProperty(
      fc.record({
        field: fc.constant('literal'),
        auth: fc.constant('admin' as const),
        query: deepLiteralDocument,
        variables: fc.constant({}),
      }),
      30,
    );
  });
});

interface RawOutcome {
  kind: 'message' | 'closed' | 'silent';
  message?: Record<string, unknown>;
  code?: number;
  reason?: string;
}

/**
 * A raw graphql-transport-ws socket: sends `init` (a `connection_init` payload, or none), and
 * when acknowledged `then`; reports the first answer to `then`, the close, or silence.
 */
async function rawExchange(
  init: unknown,
  then: unknown | null,
  windowMs = 3_000,
): Promise<RawOutcome> {
  const ws = leftovers.add(new WebSocket(toWsUrl(g.url), 'graphql-transport-ws'), (s) =>
    s.terminate(),
  );
  return new Promise<RawOutcome>((resolve) => {
    let acknowledged = false;
    const timer = setTimeout(() => finish({ kind: 'silent' }), windowMs);
    const finish = (outcome: RawOutcome) => {
      clearTimeout(timer);
      ws.removeAllListeners();
      ws.on('error', () => {});
      if (ws.readyState === WebSocket.OPEN) {
        ws.close(1000);
      }
      resolve(outcome);
    };
    ws.on('error', () => {});
    ws.once('open', () => ws.send(JSON.stringify(init)));
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>;
      if (!acknowledged && message.type === 'connection_ack') {
        acknowledged = true;
        if (then === null) {
          finish({ kind: 'message', message });
        } else {
          ws.send(typeof then === 'string' ? then : JSON.stringify(then));
        }
      } else if (message.type !== 'ping' && message.type !== 'pong') {
        finish({ kind: 'message', message });
      }
    });
    ws.once('close', (code, reason) => finish({ kind: 'closed', code, reason: String(reason) }));
  });
}

/** Close codes graphql-ws uses for a client's protocol mistakes. */
const CLIENT_MISTAKE_CLOSES = new Set([4400, 4401, 4403, 4409, 4429]);

function rawProblems(outcome: RawOutcome, sent: unknown, answerRequired: boolean): string[] {
  const echo = echoOf(sent);
  if (outcome.kind === 'closed') {
    const problems = CLIENT_MISTAKE_CLOSES.has(outcome.code ?? 0)
      ? []
      : [
          `the socket closed with ${outcome.code} "${outcome.reason}" (expected 4400/4401/4403/4409/4429)`,
        ];
    if ((outcome.reason ?? '').trim() === '') {
      problems.push(`the close ${outcome.code} has no reason`);
    }
    return [...problems, ...leakProblems(outcome.reason ?? '', undefined, echo, g.secrets)];
  }
  if (outcome.kind === 'silent') {
    return answerRequired ? ['no answer and no close within 3 s (hung)'] : [];
  }
  const message = outcome.message ?? {};
  const raw = JSON.stringify(message);
  const problems = leakProblems(raw, message, echo, g.secrets);
  if (message.type === 'next') {
    problems.push(...resultProblems(message.payload));
  } else if (message.type === 'error') {
    problems.push(...errorListProblems(message.payload));
  } else if (message.type !== 'complete' && message.type !== 'connection_ack') {
    problems.push(`an unexpected message: ${raw.slice(0, 300)}`);
  }
  return problems;
}

describe('graphql-ws protocol messages with fuzzed envelopes', () => {
  const init = { type: 'connection_init', payload: { authorization: `Bearer ${ADMIN_CANARY}` } };

  it('subscribe messages with payloads, ids and types of the wrong shape', async () => {
    const valid = fc.constantFrom(
      '{ viewer { role } }',
      'subscription { sessionEvents { cursor } }',
      'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
    );
    const message = fc.oneof(
      fc.record({
        id: fc.constant('1'),
        type: fc.constant('subscribe'),
        payload: fc.oneof(
          fc.record({ query: anyJson }),
          fc.record({ query: valid, variables: anyJson }),
          fc.record({ query: valid, operationName: anyJson }),
          fc.record({ query: valid, extensions: anyJson }),
          anyJson,
        ),
      }),
      fc.record({
        id: anyJson,
        type: fc.constant('subscribe'),
        payload: fc.constant({ query: '{ __typename }' }),
      }),
      fc.record({
        id: fc.oneof(fc.constant('1'), anyJson),
        type: fc.oneof(
          fc.constantFrom(
            'ping',
            'pong',
            'complete',
            'next',
            'error',
            'connection_ack',
            'Subscribe',
          ),
          fc.string({ maxLength: 12 }),
        ),
        payload: anyJson,
      }),
      anyJson,
      anyShortText(60),
    );
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const outcome = await rawExchange(init, m);
        const isSubscribe =
          typeof m === 'object' && m !== null && (m as { type?: unknown }).type === 'subscribe';
        assertNoProblems(rawProblems(outcome, m, isSubscribe), m, outcome);
      }),
      { numRuns: 40, verbose: 1 },
    );
  });

  it('messages a client may not send (server-side types, unknown types)', async () => {
    const message = fc.record({
      type: fc.oneof(
        {
          weight: 4,
          arbitrary: fc.constantFrom(
            'connection_ack',
            'next',
            'error',
            'complete',
            'pong',
            'ping',
            'Subscribe',
            '',
          ),
        },
        { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
      ),
      id: fc.option(fc.oneof(fc.constant('1'), anyJson), { nil: undefined, freq: 2 }),
      payload: fc.option(anyJson, { nil: undefined, freq: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(message, async (m) => {
        const outcome = await rawExchange(init, m, 1_000);
        assertNoProblems(rawProblems(outcome, m, false), m, outcome);
      }),
      { numRuns: 40, verbose: 1 },
    );
  });

  it('connection_init with connection params of every kind', async () => {
    const payload = fc.oneof(
      fc.record({
        authorization: fc.oneof(
          anyShortText(60),
          anyJson,
          fc.constantFrom(
            `Bearer ${ADMIN_CANARY}\u0000`,
            `Bearer ${ADMIN_CANARY}x`,
            `Bearer \u0000`,
            'Bearer ',
            `Bearer ${'\u{1f600}'.repeat(100)}`,
          ),
          fc
            .constantFrom('x', 'nul')
            .map((how) => (how === 'x' ? `Bearer ${g.tenantKey}x` : `Bearer ${g.tenantKey}\u0000`)),
          anyShortText(60).map((s) => `Bearer ${s}`),
        ),
      }),
      anyJson,
      fc.constant(undefined),
    );
    await fc.assert(
      fc.asyncProperty(payload, async (p) => {
        const sent = { type: 'connection_init', ...(p === undefined ? {} : { payload: p }) };
        const outcome = await rawExchange(sent, null);
        assertNoProblems(rawProblems(outcome, sent, true), sent, outcome);
      }),
      { numRuns: 40, verbose: 1 },
    );
  });
});

describe('after the fuzzing', () => {
  it('no subscription or socket is left behind, and the gateway still answers', async () => {
    const connection = await pools.admin.next();
    const outcome = await wsOperation(connection, { query: '{ __typename }' }, ANSWER_MS);
    expect(outcome).toMatchObject({ kind: 'next', result: { data: { __typename: 'Query' } } });
    await pools.admin.dispose();
    await pools.tenant.dispose();
    await waitFor(async () => (await gauge(g.url, 'wawp_subscribers')) === 0, 10_000, 200);
    await waitFor(async () => (await gauge(g.url, 'wawp_ws_connections')) === 0, 10_000, 200);
    const { typename, health } = await stillHealthy(g.url);
    expect(typename).toEqual({ __typename: 'Query' });
    expect(health).toEqual({ status: 200, body: { status: 'ok' } });
  });
});
