/**
 * The tenant matrix: every root field × (admin, owner tenant, other tenant, no key, revoked key)
 * over real HTTP, a representative subset over real graphql-ws, and `sessionEvents` at subscribe
 * time. A refused call changes nothing and never reaches Wawp; a foreign instance id and an
 * unknown one give byte-identical errors.
 */

import { CloseCode } from '@wawp-gateway/schema/protocol';
import type { FormattedExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, type GqlResult, gql } from '../utils/graphql-http';
import { connectWs, type WsConnection, wsFirst } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { createUpstreamInstance, simControl } from '../utils/simulator-control';

type Role = 'admin' | 'owner' | 'other' | 'anonymous' | 'revoked';
const ROLES: Role[] = ['admin', 'owner', 'other', 'anonymous', 'revoked'];
/**
 * Who may call a field: any key that sees the instance, any key, only the admin key, or the
 * admin and the tenant itself (its branding, its notification endpoints).
 */
type Access = 'instance' | 'authenticated' | 'admin' | 'tenantSelf';

const EXPECTED: Record<Access, Record<Role, string | null>> = {
  instance: {
    admin: null,
    owner: null,
    other: 'NOT_FOUND',
    anonymous: 'UNAUTHENTICATED',
    revoked: 'UNAUTHENTICATED',
  },
  authenticated: {
    admin: null,
    owner: null,
    other: null,
    anonymous: 'UNAUTHENTICATED',
    revoked: 'UNAUTHENTICATED',
  },
  admin: {
    admin: null,
    owner: 'FORBIDDEN',
    other: 'FORBIDDEN',
    anonymous: 'UNAUTHENTICATED',
    revoked: 'UNAUTHENTICATED',
  },
  tenantSelf: {
    admin: null,
    owner: null,
    other: 'NOT_FOUND',
    anonymous: 'UNAUTHENTICATED',
    revoked: 'UNAUTHENTICATED',
  },
};
const HTTP_STATUS: Record<string, number> = {
  NOT_FOUND: 404,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
};

interface World {
  owned: string;
  unassigned: string;
  tenantA: string;
  /** A notification endpoint of tenant A, and one of its deliveries. */
  endpoint: string;
  delivery: string;
  /** A fresh throwaway per call (an instance to delete, a key to revoke, an endpoint). */
  victim: string;
}

interface Case {
  field: string;
  kind: 'query' | 'mutation';
  access: Access;
  /** The operation; instance cases take `$id`. */
  source: string;
  variables(world: World, id: string): Record<string, unknown>;
  /** Creates the throwaway `victim` the call acts on. */
  victim?: 'instance' | 'key' | 'endpoint';
}

const onInstance = (kind: Case['kind'], field: string, selection = '', extra = ''): Case => ({
  field,
  kind,
  access: 'instance',
  source: `${kind}($id: ID!) { ${field}(instanceId: $id${extra}) ${selection} }`,
  variables: (_world, id) => ({ id }),
});

const CASES: Case[] = [
  onInstance('query', 'sessionInfo', '{ instanceId status }'),
  onInstance('query', 'me', '{ id }'),
  onInstance('query', 'qrCode', '{ value }'),
  onInstance('query', 'screenshot', '{ mimeType }'),
  onInstance('query', 'instance', '{ instanceId tenantId }'),
  {
    field: 'instances',
    kind: 'query',
    access: 'authenticated',
    source: 'query { instances { instanceId } }',
    variables: () => ({}),
  },
  {
    field: 'viewer',
    kind: 'query',
    access: 'authenticated',
    source: 'query { viewer { role tenantId } }',
    variables: () => ({}),
  },
  {
    field: 'tenants',
    kind: 'query',
    access: 'admin',
    source: 'query { tenants { id name } }',
    variables: () => ({}),
  },
  {
    field: 'tenant',
    kind: 'query',
    access: 'admin',
    source: 'query($t: ID!) { tenant(id: $t) { id name } }',
    variables: (world) => ({ t: world.tenantA }),
  },
  onInstance('mutation', 'startSession', '{ status }'),
  onInstance('mutation', 'stopSession', '{ status }'),
  onInstance('mutation', 'restartSession', '{ status }'),
  onInstance('mutation', 'logout', '{ status }'),
  onInstance('mutation', 'requestPairingCode', '{ code }', ', phoneNumber: "+20 114 520 2826"'),
  {
    field: 'createInstance',
    kind: 'mutation',
    access: 'admin',
    source: 'mutation { createInstance(label: "Matrix") { instanceId } }',
    variables: () => ({}),
  },
  {
    field: 'registerInstance',
    kind: 'mutation',
    access: 'admin',
    source: 'mutation($id: ID!) { registerInstance(instanceId: $id, label: "Spare") { label } }',
    variables: (world) => ({ id: world.unassigned }),
  },
  {
    field: 'deleteInstance',
    kind: 'mutation',
    access: 'admin',
    source: 'mutation($id: ID!) { deleteInstance(instanceId: $id) }',
    variables: (world) => ({ id: world.victim }),
    victim: 'instance',
  },
  {
    field: 'createTenant',
    kind: 'mutation',
    access: 'admin',
    source: 'mutation { createTenant(name: "Initech") { id } }',
    variables: () => ({}),
  },
  {
    field: 'issueApiKey',
    kind: 'mutation',
    access: 'admin',
    source: 'mutation($t: ID!) { issueApiKey(tenantId: $t) { id } }',
    variables: (world) => ({ t: world.tenantA }),
  },
  {
    field: 'revokeApiKey',
    kind: 'mutation',
    access: 'admin',
    source: 'mutation($id: ID!) { revokeApiKey(id: $id) }',
    variables: (world) => ({ id: world.victim }),
    victim: 'key',
  },
  {
    field: 'assignInstance',
    kind: 'mutation',
    access: 'admin',
    source: 'mutation($id: ID!) { assignInstance(instanceId: $id, tenantId: null) { tenantId } }',
    variables: (world) => ({ id: world.unassigned }),
  },
  onInstance('query', 'connectLinks', '{ id }'),
  onInstance('mutation', 'createConnectLink', '{ id }'),
  onInstance('mutation', 'revokeConnectLinks'),
  ...(
    [
      ['mutation', 'updateTenantBranding', '(tenantId: $t, input: { displayName: "Acme" }) { id }'],
      ['query', 'notificationEndpoints', '(tenantId: $t) { id }'],
      [
        'mutation',
        'createNotificationEndpoint',
        '(tenantId: $t, input: { url: "http://127.0.0.1:9/m", kinds: [SESSION_LINKED] }) { secret }',
      ],
    ] as const
  ).map(
    ([kind, field, call]): Case => ({
      field,
      kind,
      access: 'tenantSelf',
      source: `${kind}($t: ID!) { ${field}${call} }`,
      variables: (world) => ({ t: world.tenantA }),
    }),
  ),
  ...(
    [
      ['query', 'notificationDeliveries', '(endpointId: $id) { hasNextPage }'],
      [
        'mutation',
        'updateNotificationEndpoint',
        '(id: $id, input: { url: "http://127.0.0.1:9/m", kinds: [SESSION_LINKED] }) { id }',
      ],
      ['mutation', 'setNotificationEndpointEnabled', '(id: $id, enabled: true) { enabled }'],
      ['mutation', 'rotateNotificationSecret', '(id: $id) { secret }'],
      ['mutation', 'sendTestNotification', '(id: $id) { id }'],
    ] as const
  ).map(
    ([kind, field, call]): Case => ({
      field,
      kind,
      access: 'tenantSelf',
      source: `${kind}($id: ID!) { ${field}${call} }`,
      variables: (world) => ({ id: world.endpoint }),
    }),
  ),
  {
    field: 'deleteNotificationEndpoint',
    kind: 'mutation',
    access: 'tenantSelf',
    source: 'mutation($id: ID!) { deleteNotificationEndpoint(id: $id) }',
    variables: (world) => ({ id: world.victim }),
    victim: 'endpoint',
  },
  {
    field: 'redeliverNotification',
    kind: 'mutation',
    access: 'tenantSelf',
    source: 'mutation($id: ID!) { redeliverNotification(deliveryId: $id) { id } }',
    variables: (world) => ({ id: world.delivery }),
  },
];

const SUBSCRIPTION =
  'subscription($id: ID) { sessionEvents(instanceId: $id) { __typename cursor instanceId } }';

const leftovers = createLeftovers();
let h: Harness;
let sim: ReturnType<typeof simControl>;
let world: Omit<World, 'victim'>;
let keys: Record<Role, string | null>;
/** Registered with the gateway only through the simulator, never with the gateway. */
let upstreamOnly: string;

const admin = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
  gql<T>(h.url, h.adminKey, query, variables);

const issueKey = async (tenantId: string) =>
  dataOf(
    await admin<{ issueApiKey: { id: string; key: string } }>(
      'mutation($t: ID!) { issueApiKey(tenantId: $t) { id key } }',
      { t: tenantId },
    ),
  ).issueApiKey;

/** What the admin can see of the directory: a refused call must leave it unchanged. */
const snapshot = async () =>
  (
    await admin(
      '{ instances { instanceId label tenantId } tenants { id name apiKeys { id revokedAt } instances { instanceId } } }',
    )
  ).raw;

/** Comparable form of an answer: HTTP status and the errors, without `data`. */
const refusal = (result: GqlResult<unknown>) => ({ status: result.status, errors: result.errors });

beforeAll(async () => {
  h = leftovers.add(
    await startGateway({
      // Slow enough that a SCAN_QR_CODE session does not time out into FAILED during the matrix.
      simulator: { timeScale: 2, instances: 3 },
      config: { logLevel: 'info' },
      wawp: { retry: { maxAttempts: 1 } },
    }),
    (harness) => harness.stop(),
  );
  sim = simControl(h.simUrl);
  const [owned, foreign, unassigned] = h.gateway.simulator!.instanceIds() as [
    string,
    string,
    string,
  ];
  const tenant = async (name: string) =>
    dataOf(
      await admin<{ createTenant: { id: string } }>(
        'mutation($n: String!) { createTenant(name: $n) { id } }',
        { n: name },
      ),
    ).createTenant.id;
  const tenantA = await tenant('Acme');
  const tenantB = await tenant('Globex');
  for (const [id, t] of [
    [owned, tenantA],
    [foreign, tenantB],
  ] as const) {
    dataOf(
      await admin(
        'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { tenantId } }',
        {
          id,
          t,
        },
      ),
    );
  }
  const revoked = await issueKey(tenantA);
  dataOf(await admin('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: revoked.id }));
  keys = {
    admin: h.adminKey,
    owner: (await issueKey(tenantA)).key,
    other: (await issueKey(tenantB)).key,
    anonymous: null,
    revoked: revoked.key,
  };
  const endpoint = await makeEndpoint(tenantA);
  const { sendTestNotification } = dataOf(
    await admin<{ sendTestNotification: { id: string } }>(
      'mutation($id: ID!) { sendTestNotification(id: $id) { id } }',
      { id: endpoint },
    ),
  );
  world = { owned, unassigned, tenantA, endpoint, delivery: sendTestNotification.id };
  upstreamOnly = await createUpstreamInstance(h.simUrl, h.gateway.simulator!.accessToken);
});

afterAll(() => leftovers.disposeAll());

/** A notification endpoint of `tenantId` (nothing listens there: its deliveries just retry). */
const makeEndpoint = async (tenantId: string) =>
  dataOf(
    await admin<{ createNotificationEndpoint: { endpoint: { id: string } } }>(
      `mutation($t: ID!) { createNotificationEndpoint(tenantId: $t,
        input: { url: "http://127.0.0.1:9/matrix", kinds: [SESSION_LINKED] }) { endpoint { id } } }`,
      { t: tenantId },
    ),
  ).createNotificationEndpoint.endpoint.id;

async function makeVictim(kind: Case['victim']): Promise<string> {
  if (kind === 'endpoint') {
    return makeEndpoint(world.tenantA);
  }
  if (kind === 'instance') {
    const { createInstance } = dataOf(
      await admin<{ createInstance: { instanceId: string } }>(
        'mutation { createInstance(label: "Victim") { instanceId } }',
      ),
    );
    return createInstance.instanceId;
  }
  if (kind === 'key') {
    return (await issueKey(world.tenantA)).id;
  }
  return '';
}

describe('every root field over HTTP', () => {
  it('the matrix covers every Query and Mutation field of the served schema', async () => {
    const introspection = await admin<{
      __schema: {
        queryType: { fields: { name: string }[] };
        mutationType: { fields: { name: string }[] };
        subscriptionType: { fields: { name: string }[] };
      };
    }>(
      '{ __schema { queryType { fields { name } } mutationType { fields { name } } subscriptionType { fields { name } } } }',
    );
    const schema = dataOf(introspection).__schema;
    const served = [...schema.queryType.fields, ...schema.mutationType.fields].map((f) => f.name);
    expect(CASES.map((c) => c.field).sort()).toEqual(served.sort());
    expect(schema.subscriptionType.fields.map((f) => f.name)).toEqual(['sessionEvents']);
  });

  const rows = CASES.flatMap((testCase) =>
    ROLES.map((role) => [testCase.field, role, EXPECTED[testCase.access][role], testCase] as const),
  );

  it.each(rows)('%s as %s -> %s', async (field, role, expected, testCase) => {
    const victim = await makeVictim(testCase.victim);
    const variables = testCase.variables({ ...world, victim }, world.owned);
    const before = await snapshot();
    await sim.clearRequests();

    const result = await gql<Record<string, unknown>>(
      h.url,
      keys[role],
      testCase.source,
      variables,
    );

    if (expected === null) {
      expect(result.errors, result.raw).toBeUndefined();
      expect(result.status).toBe(200);
      expect(result.data).toHaveProperty(field);
      return;
    }
    expect(
      result.errors?.map((e) => e.extensions?.code),
      result.raw,
    ).toEqual([expected]);
    expect(result.status).toBe(HTTP_STATUS[expected]);
    // A non-null root field nulls `data`; a nullable one (`me`, `qrCode`, `screenshot`) is null.
    expect(result.data === null || result.data[field] === null, result.raw).toBe(true);
    // Refused before anything happened: no Wawp request, no directory change.
    expect(await sim.requests()).toEqual([]);
    expect(await snapshot()).toBe(before);
    if (testCase.victim === 'instance') {
      expect(await sim.instance(victim)).toBeDefined();
    }
  });

  it('owner and admin see the owner tenant data; other tenants see only their own', async () => {
    const instances = async (role: Role) =>
      dataOf(
        await gql<{ instances: { instanceId: string }[] }>(
          h.url,
          keys[role],
          '{ instances { instanceId } }',
        ),
      ).instances.map((i) => i.instanceId);
    expect(await instances('owner')).toEqual([world.owned]);
    expect(await instances('other')).not.toContain(world.owned);
    expect(await instances('other')).toHaveLength(1);
    expect(await instances('admin')).toEqual(
      expect.arrayContaining([world.owned, world.unassigned]),
    );
  });

  const instanceCases = CASES.filter((c) => c.access === 'instance');
  it.each(instanceCases.map((c) => [c.field, c] as const))(
    '%s: foreign, unknown and unregistered ids give identical errors',
    async (_field, testCase) => {
      const call = (role: Role, id: string) =>
        gql(h.url, keys[role], testCase.source, testCase.variables({ ...world, victim: '' }, id));
      await sim.clearRequests();
      const foreign = await call('other', world.owned);
      const unknown = await call('other', 'NOSUCHINSTANCE');
      const unregistered = await call('other', upstreamOnly);
      const unknownAsOwner = await call('owner', 'NOSUCHINSTANCE');
      const unknownAsAdmin = await call('admin', 'NOSUCHINSTANCE');
      const unregisteredAsAdmin = await call('admin', upstreamOnly);
      expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
      for (const other of [
        unknown,
        unregistered,
        unknownAsOwner,
        unknownAsAdmin,
        unregisteredAsAdmin,
      ]) {
        expect(refusal(other)).toEqual(refusal(foreign));
        expect(other.raw).toBe(foreign.raw);
      }
      expect(await sim.requests()).toEqual([]);
    },
  );
});

describe('over graphql-ws', () => {
  const open = (role: Role | 'garbage'): WsConnection =>
    leftovers.add(
      connectWs(
        h.url,
        role === 'garbage'
          ? 'Bearer wga_garbage'
          : keys[role] === null
            ? null
            : `Bearer ${keys[role]}`,
      ),
      (connection) => connection.dispose(),
    );
  const codesOf = (result: FormattedExecutionResult | null) =>
    result?.errors?.map((e) => e.extensions?.code) ?? [];

  it.each(['anonymous', 'revoked', 'garbage'] as const)(
    'a %s key is refused at connection: close 4403',
    async (role) => {
      const connection = open(role);
      const outcome = await wsFirst(connection, '{ viewer { role } }');
      expect(outcome.kind).toBe('closed');
      expect(outcome.closeCode).toBe(CloseCode.Forbidden);
      expect((await connection.closed).code).toBe(CloseCode.Forbidden);
    },
  );

  it('admin: a query and a mutation', async () => {
    const connection = open('admin');
    const read = await wsFirst(
      connection,
      'query($id: ID!) { sessionInfo(instanceId: $id) { instanceId } viewer { role } }',
      {
        id: world.owned,
      },
    );
    expect(read.result).toEqual({
      data: { sessionInfo: { instanceId: world.owned }, viewer: { role: 'ADMIN' } },
    });
    const created = await wsFirst(
      connection,
      'mutation { createTenant(name: "Over WS") { name } }',
    );
    expect(created.result).toEqual({ data: { createTenant: { name: 'Over WS' } } });
  });

  it('owner: its instances, a session mutation; admin operations FORBIDDEN', async () => {
    const connection = open('owner');
    const list = await wsFirst(connection, '{ instances { instanceId } }');
    expect(list.result).toEqual({ data: { instances: [{ instanceId: world.owned }] } });
    const stop = await wsFirst(
      connection,
      'mutation($id: ID!) { stopSession(instanceId: $id) { status } }',
      {
        id: world.owned,
      },
    );
    expect(stop.result).toEqual({ data: { stopSession: { status: 'STOPPED' } } });
    const forbidden = await wsFirst(connection, '{ tenants { id } }');
    expect(codesOf(forbidden.result)).toEqual(['FORBIDDEN']);
  });

  it('other tenant: foreign and unknown ids give the same NOT_FOUND', async () => {
    const connection = open('other');
    const query = 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }';
    const foreign = await wsFirst(connection, query, { id: world.owned });
    const unknown = await wsFirst(connection, query, { id: 'NOSUCHINSTANCE' });
    expect(codesOf(foreign.result)).toEqual(['NOT_FOUND']);
    expect(unknown.result).toEqual(foreign.result);
  });

  it('a key revoked while its socket is open stops working at once', async () => {
    const spare = await issueKey(world.tenantA);
    const connection = leftovers.add(connectWs(h.url, `Bearer ${spare.key}`), (c) => c.dispose());
    const before = await wsFirst(connection, '{ viewer { role } }');
    expect(before.result).toEqual({ data: { viewer: { role: 'TENANT' } } });
    dataOf(await admin('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: spare.id }));
    const after = await wsFirst(connection, '{ viewer { role } }');
    if (after.kind === 'closed') {
      expect(after.closeCode).toBe(CloseCode.Forbidden);
    } else {
      expect(codesOf(after.result)).toEqual(['UNAUTHENTICATED']);
    }
  });

  describe('sessionEvents at subscribe time', () => {
    it.each(['anonymous', 'revoked'] as const)('%s: close 4403', async (role) => {
      const outcome = await wsFirst(open(role), SUBSCRIPTION, { id: world.owned });
      expect(outcome.closeCode).toBe(CloseCode.Forbidden);
    });

    it('other tenant: foreign, unknown and unregistered ids give the same NOT_FOUND', async () => {
      const connection = open('other');
      const foreign = await wsFirst(connection, SUBSCRIPTION, { id: world.owned });
      const unknown = await wsFirst(connection, SUBSCRIPTION, { id: 'NOSUCHINSTANCE' });
      const unregistered = await wsFirst(connection, SUBSCRIPTION, { id: upstreamOnly });
      expect(codesOf(foreign.result)).toEqual(['NOT_FOUND']);
      expect(unknown.result).toEqual(foreign.result);
      expect(unregistered.result).toEqual(foreign.result);
      const asAdmin = await wsFirst(open('admin'), SUBSCRIPTION, { id: 'NOSUCHINSTANCE' });
      expect(asAdmin.result).toEqual(foreign.result);
    });

    it.each(['admin', 'owner'] as const)(
      '%s: the ownership check lets it subscribe (no auth or NOT_FOUND error)',
      async (role) => {
        const outcome = await wsFirst(open(role), SUBSCRIPTION, { id: world.owned });
        expect(outcome.kind).toBe('result');
        expect(codesOf(outcome.result)).not.toEqual(
          expect.arrayContaining([
            expect.stringMatching(/^(UNAUTHENTICATED|FORBIDDEN|NOT_FOUND)$/),
          ]),
        );
      },
    );
  });
});
