/**
 * Connect links end to end: made by the tenant that owns an instance, exchanged by the end
 * user's page for an HttpOnly cookie scoped to /connect, good for exactly what linking takes on
 * both transports (graphql-ws and SSE), refused from origins the tenant does not allow, and
 * ended within a second when revoked or used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelOf, subscribeEvents } from '../utils/event-stream';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, firstCode, gql } from '../utils/graphql-http';
import { connectWs, wsFirst } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { simControl } from '../utils/simulator-control';
import { openSse } from '../utils/sse';
import { waitFor } from '../utils/wait';

const leftovers = createLeftovers();
const APP = 'https://app.example.com';
const EMBED = 'http://127.0.0.1:9';
let h: Harness;
let tenantKey: string;
let tenantId: string;
let ids: string[];
/** Every token made here: none may ever reach a log line. */
const tokens: string[] = [];

const admin = (query: string, variables: Record<string, unknown> = {}) =>
  gql(h.url, h.adminKey, query, variables);

beforeAll(async () => {
  h = leftovers.add(
    // slow enough that a QR lasts (12 s) while a test requests codes
    await startGateway({
      simulator: { timeScale: 5, instances: 6 },
      config: { logLevel: 'debug' },
    }),
    (started) => started.stop(),
  );
  ids = h.gateway.simulator!.instanceIds();
  const created = dataOf(await admin('mutation { createTenant(name: "Acme") { id } }')) as {
    createTenant: { id: string };
  };
  tenantId = created.createTenant.id;
  const issued = dataOf(
    await admin('mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }', { t: tenantId }),
  ) as { issueApiKey: { key: string } };
  tenantKey = issued.issueApiKey.key;
  for (const id of ids.slice(0, 5)) {
    await admin(
      'mutation($i: ID!, $t: ID) { assignInstance(instanceId: $i, tenantId: $t) { tenantId } }',
      {
        i: id,
        t: tenantId,
      },
    );
  }
  const branded = await gql(
    h.url,
    tenantKey,
    `mutation($t: ID!, $input: TenantBrandingInput!) {
      updateTenantBranding(tenantId: $t, input: $input) { branding { displayName allowedReturnOrigins } }
    }`,
    {
      t: tenantId,
      input: {
        displayName: 'Acme Support',
        accentColor: '#1A73E8',
        supportUrl: 'https://acme.example/help',
        allowedReturnOrigins: [APP],
        allowedEmbedOrigins: [EMBED],
      },
    },
  );
  expect(branded.errors).toBeUndefined();
});

afterAll(async () => {
  await leftovers.disposeAll();
  const logs = h.logs.join('');
  expect(tokens.length).toBeGreaterThan(5);
  expect(tokens.filter((token) => logs.includes(token))).toEqual([]);
});

const LINK = /* GraphQL */ `
  mutation($id: ID!, $ttl: Int, $returnUrl: String) {
    createConnectLink(instanceId: $id, ttlMinutes: $ttl, returnUrl: $returnUrl) {
      id instanceId url expiresAt createdAt usedAt revokedAt
    }
  }
`;

async function makeLink(id: string, returnUrl: string | null = null) {
  const result = await gql<{ createConnectLink: { id: string; url: string } }>(
    h.url,
    tenantKey,
    LINK,
    { id, returnUrl },
  );
  const link = dataOf(result).createConnectLink;
  const token = link.url.split('/').at(-1) ?? '';
  tokens.push(token);
  return { ...link, token };
}

/** The page's first load: the token for a cookie. */
async function exchange(token: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.url}/connect/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ token }),
  });
  return {
    status: response.status,
    cookie: response.headers.get('set-cookie'),
    cors: response.headers.get('access-control-allow-origin'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

const cookieOf = (setCookie: string | null) => (setCookie ?? '').split(';')[0] ?? '';

describe('making links', () => {
  it('gives the owner a /connect/<token> URL once, and lists links without it', async () => {
    const link = await makeLink(ids[0]!);
    expect(link.url).toMatch(new RegExp(`^${h.url}/connect/wcl_[A-Za-z0-9_-]{32}$`));
    const listed = await gql<{ connectLinks: { id: string; url: string | null }[] }>(
      h.url,
      tenantKey,
      'query($id: ID!) { connectLinks(instanceId: $id) { id url } }',
      { id: ids[0] },
    );
    expect(dataOf(listed).connectLinks[0]).toEqual({ id: link.id, url: null });
    expect(listed.raw).not.toContain(link.token);
  });

  it.each([
    ['a lifetime under 5 minutes', { ttl: 4 }],
    ['a lifetime over a day', { ttl: 1441 }],
    ['a plain-http return URL', { returnUrl: 'http://app.example.com/done' }],
    ['a return URL on another origin', { returnUrl: 'https://evil.example/done' }],
  ])('refuses %s with BAD_USER_INPUT', async (_name, variables) => {
    const result = await gql(h.url, tenantKey, LINK, { id: ids[0], ...variables });
    expect(firstCode(result)).toBe('BAD_USER_INPUT');
  });

  it('keeps another tenant’s instance out of reach', async () => {
    expect(firstCode(await gql(h.url, tenantKey, LINK, { id: ids[5] }))).toBe('NOT_FOUND');
  });
});

describe('the end user’s credential', () => {
  it('exchanges the token for an HttpOnly, SameSite=Strict cookie scoped to /connect', async () => {
    const link = await makeLink(ids[0]!, `${APP}/done`);
    const page = await fetch(`${h.url}/connect/${link.token}`);
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    await page.body?.cancel();
    const first = await exchange(link.token);
    expect(first.status).toBe(200);
    expect(first.cookie).toMatch(/HttpOnly/i);
    expect(first.cookie).toMatch(/SameSite=Strict/i);
    expect(first.cookie).toMatch(/Path=\/connect(;|$)/i);
    expect(first.body).toMatchObject({
      state: 'active',
      instanceId: ids[0],
      returnUrl: `${APP}/done`,
      branding: { displayName: 'Acme Support', accentColor: '#1a73e8' },
    });
    expect(JSON.stringify(first.body)).not.toContain(link.token);
    const again = await fetch(`${h.url}/connect/session`, {
      headers: { cookie: cookieOf(first.cookie) },
    });
    expect(again.status).toBe(200);
    expect(((await again.json()) as { state: string }).state).toBe('active');
    expect((await fetch(`${h.url}/connect/session`)).status).toBe(401);
    expect((await exchange('wcl_unknownunknownunknownunknown0000')).status).toBe(404);
  });

  const ALLOWED = [
    ['sessionInfo', 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }'],
    ['qrCode', 'query($id: ID!) { qrCode(instanceId: $id) { value } }'],
    ['startSession', 'mutation($id: ID!) { startSession(instanceId: $id) { status } }'],
  ] as const;
  const REFUSED = [
    ['instances', 'query { instances { instanceId } }'],
    ['viewer', 'query { viewer { role } }'],
    ['me', 'query($id: ID!) { me(instanceId: $id) { id } }'],
    ['screenshot', 'query($id: ID!) { screenshot(instanceId: $id) { mimeType } }'],
    ['connectLinks', 'query($id: ID!) { connectLinks(instanceId: $id) { id } }'],
    ['logout', 'mutation($id: ID!) { logout(instanceId: $id) { status } }'],
    ['createConnectLink', 'mutation($id: ID!) { createConnectLink(instanceId: $id) { id } }'],
    ['revokeConnectLinks', 'mutation($id: ID!) { revokeConnectLinks(instanceId: $id) }'],
    ['tenants', 'query { tenants { id } }'],
  ] as const;

  it('is good on /connect/graphql over HTTP (cookie) and graphql-ws (token) for its instance only', async () => {
    const link = await makeLink(ids[1]!);
    const cookie = cookieOf((await exchange(link.token)).cookie);
    const ws = leftovers.add(
      connectWs(h.url, `Bearer ${link.token}`, { path: '/connect/graphql' }),
      (c) => c.dispose(),
    );
    const viaHttp = (query: string, id: string) =>
      gql(h.url, null, query, { id }, { path: '/connect/graphql', headers: { cookie } });
    const viaWs = async (query: string, id: string) => {
      const outcome = await wsFirst(ws, query, { id });
      return outcome.result?.errors?.[0]?.extensions?.code ?? null;
    };
    for (const [field, query] of ALLOWED) {
      const own = await viaHttp(query, ids[1]!);
      expect(own.errors, field).toBeUndefined();
      expect(await viaWs(query, ids[1]!), field).toBeNull();
      expect(firstCode(await viaHttp(query, ids[0]!)), field).toBe('NOT_FOUND');
      expect(await viaWs(query, ids[0]!), field).toBe('NOT_FOUND');
    }
    for (const [field, query] of REFUSED) {
      expect(firstCode(await viaHttp(query, ids[1]!)), field).toBe('FORBIDDEN');
      expect(await viaWs(query, ids[1]!), field).toBe('FORBIDDEN');
    }
    // a gateway key is no credential on the connect route
    const keyed = await gql(
      h.url,
      tenantKey,
      'query { viewer { role } }',
      {},
      {
        path: '/connect/graphql',
      },
    );
    expect(firstCode(keyed)).toBe('UNAUTHENTICATED');
  });

  it('never delivers another instance’s events, with or without an instanceId', async () => {
    const link = await makeLink(ids[1]!);
    const ws = leftovers.add(
      connectWs(h.url, `Bearer ${link.token}`, { path: '/connect/graphql' }),
      (c) => c.dispose(),
    );
    const own = leftovers.add(subscribeEvents(ws, { id: ids[1] }), (s) => s.stop());
    const unnamed = leftovers.add(subscribeEvents(ws, {}), (s) => s.stop());
    const foreign = leftovers.add(subscribeEvents(ws, { id: ids[0] }), (s) => s.stop());
    await own.take(1);
    await unnamed.take(1);
    await foreign.ended;
    expect(foreign.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    // another instance of the same tenant changes, and so does the link's own
    await admin('mutation($id: ID!) { restartSession(instanceId: $id) { status } }', {
      id: ids[0],
    });
    await admin('mutation($id: ID!) { restartSession(instanceId: $id) { status } }', {
      id: ids[1],
    });
    await own.until((events) => events.length > 1, 15_000);
    await unnamed.until((events) => events.length > 1, 15_000);
    const seen = [...own.events, ...unnamed.events].map((e) => e.instanceId);
    expect(new Set(seen)).toEqual(new Set([ids[1]]));
  });

  it('refuses a page on an origin the tenant does not allow to embed it', async () => {
    const link = await makeLink(ids[1]!);
    const allowed = await exchange(link.token, { origin: EMBED });
    expect(allowed.status).toBe(200);
    expect(allowed.cors).toBe(EMBED);
    expect(allowed.cookie).toBeNull();
    const refused = await exchange(link.token, { origin: 'http://127.0.0.2:9' });
    expect(refused.status).toBe(403);
    expect(String(refused.body.error)).toMatch(/may not show this link/);
    const query = 'query($id: ID!) { sessionInfo(instanceId: $id) { status } }';
    const fromElsewhere = await gql(
      h.url,
      link.token,
      query,
      { id: ids[1] },
      {
        path: '/connect/graphql',
        headers: { origin: 'http://127.0.0.2:9' },
      },
    );
    expect(firstCode(fromElsewhere)).toBe('UNAUTHENTICATED');
    const fromEmbed = await gql(
      h.url,
      link.token,
      query,
      { id: ids[1] },
      {
        path: '/connect/graphql',
        headers: { origin: EMBED },
      },
    );
    expect(fromEmbed.errors).toBeUndefined();
  });

  it('allows three pairing codes per link in ten minutes, then RATE_LIMITED', async () => {
    const link = await makeLink(ids[2]!);
    await gql(
      h.url,
      h.adminKey,
      'mutation($id: ID!) { startSession(instanceId: $id) { status } }',
      {
        id: ids[2],
      },
    );
    const request = () =>
      gql(
        h.url,
        link.token,
        'mutation($id: ID!) { requestPairingCode(instanceId: $id, phoneNumber: "+20 114 520 2826") { code } }',
        { id: ids[2] },
        { path: '/connect/graphql' },
      );
    for (let i = 0; i < 3; i += 1) {
      expect((await request()).errors).toBeUndefined();
    }
    const limited = await request();
    expect(firstCode(limited)).toBe('RATE_LIMITED');
    expect(limited.errors?.[0]?.message).toMatch(/3 pairing codes per 10 minutes/);
  });
});

describe('ending a link ends its streams', () => {
  it('revoked: graphql-ws closes 4403 and SSE ends UNAUTHENTICATED within 1 s', async () => {
    const link = await makeLink(ids[3]!);
    const cookie = cookieOf((await exchange(link.token)).cookie);
    const ws = leftovers.add(
      connectWs(h.url, null, { path: '/connect/graphql', headers: { cookie } }),
      (c) => c.dispose(),
    );
    const live = leftovers.add(subscribeEvents(ws, { id: ids[3] }), (s) => s.stop());
    const sse = leftovers.add(
      await openSse(h.url, null, { id: ids[3] }, { path: '/connect/graphql', headers: { cookie } }),
      (s) => s.close(),
    );
    await live.take(1);
    await sse.until((s) => s.events.length > 0);
    const revoked = await gql<{ revokeConnectLinks: number }>(
      h.url,
      tenantKey,
      'mutation($id: ID!) { revokeConnectLinks(instanceId: $id) }',
      { id: ids[3] },
    );
    const at = Date.now();
    expect(dataOf(revoked).revokeConnectLinks).toBe(1);
    expect((await ws.closed).code).toBe(4403);
    await sse.ended;
    expect(Date.now() - at).toBeLessThan(1_000);
    expect(sse.errors.map((e) => e.extensions?.code)).toContain('UNAUTHENTICATED');
    const after = await fetch(`${h.url}/connect/session`, { headers: { cookie } });
    expect(((await after.json()) as { state: string }).state).toBe('revoked');
  });

  it('used: the end user sees WORKING, then the stream ends and the link says so', async () => {
    const sim = simControl(h.simUrl);
    const link = await makeLink(ids[4]!);
    const ws = leftovers.add(
      connectWs(h.url, `Bearer ${link.token}`, { path: '/connect/graphql' }),
      (c) => c.dispose(),
    );
    const live = leftovers.add(subscribeEvents(ws, { id: ids[4] }), (s) => s.stop());
    await live.take(1);
    const started = await gql(
      h.url,
      link.token,
      'mutation($id: ID!) { startSession(instanceId: $id) { status } }',
      { id: ids[4] },
      { path: '/connect/graphql' },
    );
    expect(started.errors).toBeUndefined();
    await live.until((events) => events.some((e) => labelOf(e) === 'SCAN_QR_CODE'), 15_000);
    expect((await sim.scan(ids[4]!, { pushName: 'Ann' })).status).toBe(200);
    const events = await live.until(
      (seen) => seen.some((e) => e.__typename === 'SessionAuthenticated'),
      15_000,
    );
    expect(events.map(labelOf)).toContain('WORKING');
    await live.ended;
    expect(live.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const state = await waitFor(async () => {
      const body = (await exchange(link.token)).body;
      return body.state === 'used' ? body : null;
    });
    expect(state.state).toBe('used');
    const listed = await gql<{ connectLinks: { usedAt: string | null }[] }>(
      h.url,
      tenantKey,
      'query($id: ID!) { connectLinks(instanceId: $id) { usedAt } }',
      { id: ids[4] },
    );
    expect(dataOf(listed).connectLinks[0]?.usedAt).not.toBeNull();
  });
});

describe('externalRef', () => {
  it('is set, filtered by, unique per tenant, and shown on the instance', async () => {
    const register = (id: string, ref: string) =>
      admin(
        'mutation($i: ID!, $t: ID, $r: String) { registerInstance(instanceId: $i, tenantId: $t, externalRef: $r) { externalRef } }',
        { i: id, t: tenantId, r: ref },
      );
    expect(dataOf(await register(ids[0]!, 'user-42'))).toEqual({
      registerInstance: { externalRef: 'user-42' },
    });
    expect(firstCode(await register(ids[1]!, 'user-42'))).toBe('CONFLICT');
    const found = await gql<{ instances: { instanceId: string }[] }>(
      h.url,
      tenantKey,
      'query { instances(externalRef: "user-42") { instanceId externalRef } }',
    );
    expect(dataOf(found).instances).toEqual([{ instanceId: ids[0], externalRef: 'user-42' }]);
    expect(firstCode(await register(ids[1]!, 'x'.repeat(201)))).toBe('BAD_USER_INPUT');
  });
});
