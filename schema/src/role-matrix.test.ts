import type { ExecutionResult } from 'graphql';
import { describe, expect, it } from 'vitest';
import { schema } from './modules/index';
import { createFakes, type Fakes } from './testing/fake-ports';
import { clientErrors, codes, collect, open, type Role, run, VIEWERS } from './testing/run';

/**
 * Who may call a root field: any key on a visible instance (`link`: a connect link on its own
 * instance too), any key, the admin key, or the admin and the tenant itself.
 */
type Access = 'instance' | 'link' | 'authenticated' | 'admin' | 'tenantSelf';
type Kind = 'query' | 'mutation' | 'subscription';
interface Case {
  field: string;
  kind: Kind;
  access: Access;
  /** The operation; instance cases take `$id`. */
  source: string;
}

const onInstance = (
  kind: Kind,
  field: string,
  selection = '',
  extra = '',
  access: Access = 'instance',
): Case => ({
  field,
  kind,
  access,
  source: `${kind}($id: ID!) { ${field}(instanceId: $id${extra}) ${selection} }`,
});
/** A field a connect link may use on its own instance. */
const forLink = (kind: Kind, field: string, selection = '', extra = '') =>
  onInstance(kind, field, selection, extra, 'link');
const plain = (kind: Kind, access: Access, field: string, call: string): Case => ({
  field,
  kind,
  access,
  source: `${kind} { ${call} }`,
});

const CASES: Case[] = [
  forLink('query', 'sessionInfo', '{ status }'),
  onInstance('query', 'me', '{ id }'),
  forLink('query', 'qrCode', '{ value }'),
  onInstance('query', 'connectLinks', '{ id url }'),
  onInstance('query', 'screenshot', '{ mimeType }'),
  onInstance('query', 'instance', '{ label }'),
  plain('query', 'authenticated', 'instances', 'instances { instanceId }'),
  plain('query', 'authenticated', 'viewer', 'viewer { role tenantId }'),
  plain('query', 'admin', 'tenants', 'tenants { id }'),
  plain('query', 'admin', 'tenant', 'tenant(id: "t-acme") { name }'),
  forLink('mutation', 'startSession', '{ status }'),
  onInstance('mutation', 'stopSession', '{ status }'),
  onInstance('mutation', 'restartSession', '{ status }'),
  onInstance('mutation', 'logout', '{ status }'),
  forLink('mutation', 'requestPairingCode', '{ code }', ', phoneNumber: "+20 114 520 2826"'),
  onInstance('mutation', 'createConnectLink', '{ id url }', ', ttlMinutes: 60'),
  onInstance('mutation', 'revokeConnectLinks'),
  {
    field: 'updateTenantBranding',
    kind: 'mutation',
    access: 'tenantSelf',
    source:
      'mutation { updateTenantBranding(tenantId: "t-acme", input: { displayName: "Acme" }) { id } }',
  },
  plain('mutation', 'admin', 'createInstance', 'createInstance(label: "New") { instanceId }'),
  plain(
    'mutation',
    'admin',
    'registerInstance',
    'registerInstance(instanceId: "upstream-only") { instanceId }',
  ),
  plain('mutation', 'admin', 'deleteInstance', 'deleteInstance(instanceId: "inst-acme")'),
  plain('mutation', 'admin', 'createTenant', 'createTenant(name: "Initech") { id }'),
  plain('mutation', 'admin', 'issueApiKey', 'issueApiKey(tenantId: "t-acme") { key }'),
  plain('mutation', 'admin', 'revokeApiKey', 'revokeApiKey(id: "k-acme")'),
  plain(
    'mutation',
    'admin',
    'assignInstance',
    'assignInstance(instanceId: "inst-acme", tenantId: "t-globex") { tenantId }',
  ),
  forLink('subscription', 'sessionEvents', '{ cursor }'),
  ...(
    [
      ['query', 'notificationEndpoints', 'notificationEndpoints(tenantId: "t-acme") { id }'],
      [
        'query',
        'notificationDeliveries',
        'notificationDeliveries(endpointId: "ne-acme") { hasNextPage }',
      ],
      [
        'mutation',
        'createNotificationEndpoint',
        'createNotificationEndpoint(tenantId: "t-acme", input: { url: "https://x.test/h", kinds: [SESSION_LINKED] }) { secret }',
      ],
      [
        'mutation',
        'updateNotificationEndpoint',
        'updateNotificationEndpoint(id: "ne-acme", input: { url: "https://x.test/h", kinds: [SESSION_LINKED] }) { id }',
      ],
      [
        'mutation',
        'setNotificationEndpointEnabled',
        'setNotificationEndpointEnabled(id: "ne-acme", enabled: false) { enabled }',
      ],
      ['mutation', 'deleteNotificationEndpoint', 'deleteNotificationEndpoint(id: "ne-acme")'],
      [
        'mutation',
        'rotateNotificationSecret',
        'rotateNotificationSecret(id: "ne-acme") { secret }',
      ],
      ['mutation', 'sendTestNotification', 'sendTestNotification(id: "ne-acme") { id }'],
    ] as const
  ).map(
    ([kind, field, call]): Case => ({
      field,
      kind,
      access: 'tenantSelf',
      source: `${kind} { ${call} }`,
    }),
  ),
  {
    field: 'redeliverNotification',
    kind: 'mutation',
    access: 'tenantSelf',
    source: 'mutation { redeliverNotification(deliveryId: "msg-0") { id } }',
  },
];

const WRITES =
  /^(start|stop|restart|logout|requestPairingCode|createUpstream|deleteUpstream|upsertInstance|assignInstance|removeInstance|createTenant|issueApiKey|revokeApiKey|subscribe|updateTenantBranding|createConnectLink|revokeConnectLinks|tryCountLinkPairingCode|createEndpoint|updateEndpoint|setEnabled|deleteEndpoint|rotateSecret|sendTest|redeliver)\b/;

async function call(fakes: Fakes, role: Role, testCase: Case, id = 'inst-acme') {
  fakes.events = [
    {
      kind: 'SessionDisconnected',
      cursor: '1',
      instanceId: id,
      occurredAt: new Date(),
      source: 'POLL',
      reason: 'UNKNOWN',
    },
  ];
  const variables =
    testCase.access === 'instance' || testCase.access === 'link' ? { id } : undefined;
  if (testCase.kind === 'subscription') {
    const [first] = await collect(await open(fakes, VIEWERS[role], testCase.source, variables));
    return first as ExecutionResult;
  }
  return run(fakes, VIEWERS[role], testCase.source, variables);
}

const EXPECTED: Record<Access, Record<Role, string | null>> = {
  instance: {
    admin: null,
    owner: null,
    other: 'NOT_FOUND',
    link: 'FORBIDDEN',
    anonymous: 'UNAUTHENTICATED',
  },
  link: { admin: null, owner: null, other: 'NOT_FOUND', link: null, anonymous: 'UNAUTHENTICATED' },
  authenticated: {
    admin: null,
    owner: null,
    other: null,
    link: 'FORBIDDEN',
    anonymous: 'UNAUTHENTICATED',
  },
  admin: {
    admin: null,
    owner: 'FORBIDDEN',
    other: 'FORBIDDEN',
    link: 'FORBIDDEN',
    anonymous: 'UNAUTHENTICATED',
  },
  tenantSelf: {
    admin: null,
    owner: null,
    other: 'NOT_FOUND',
    link: 'FORBIDDEN',
    anonymous: 'UNAUTHENTICATED',
  },
};

describe('role matrix', () => {
  it('covers every root field', () => {
    const roots = [schema.getQueryType(), schema.getMutationType(), schema.getSubscriptionType()];
    const all = roots.flatMap((root) => Object.keys(root?.getFields() ?? {}));
    expect(CASES.map((c) => c.field).sort()).toEqual(all.sort());
  });

  const rows = CASES.flatMap((c) =>
    (Object.keys(VIEWERS) as Role[]).map(
      (role) => [c.field, role, EXPECTED[c.access][role], c] as const,
    ),
  );

  it.each(rows)('%s as %s -> %s', async (_field, role, expected, testCase) => {
    const fakes = createFakes();
    const result = await call(fakes, role, testCase);
    if (expected === null) {
      expect(result.errors).toBeUndefined();
      expect(result.data?.[testCase.field]).not.toBeUndefined();
    } else {
      expect(codes(result)).toEqual([expected]);
      // A refused call changes nothing and opens nothing.
      expect(fakes.calls.filter((c) => WRITES.test(c))).toEqual([]);
    }
  });

  const instanceCases = CASES.filter((c) => c.access === 'instance' || c.access === 'link');
  it.each(instanceCases.map((c) => [c.field, c] as const))(
    '%s: a foreign id and an unknown id give identical errors',
    async (_field, testCase) => {
      const foreign = await call(createFakes(), 'other', testCase, 'inst-acme');
      const unknown = await call(createFakes(), 'other', testCase, 'no-such-instance');
      const unknownAsAdmin = await call(createFakes(), 'admin', testCase, 'no-such-instance');
      expect(codes(foreign)).toEqual(['NOT_FOUND']);
      expect(clientErrors(unknown)).toEqual(clientErrors(foreign));
      expect(clientErrors(unknownAsAdmin)).toEqual(clientErrors(foreign));
    },
  );

  it('lists only the instances the caller may see', async () => {
    const ids = async (role: Role) => {
      const result = await run(createFakes(), VIEWERS[role], '{ instances { instanceId } }');
      const instances = (result.data?.instances ?? []) as { instanceId: string }[];
      return instances.map((i) => i.instanceId);
    };
    expect(await ids('admin')).toEqual(['inst-acme', 'inst-globex', 'inst-free']);
    expect(await ids('owner')).toEqual(['inst-acme']);
    expect(await ids('other')).toEqual(['inst-globex']);
  });
});
