/**
 * Canary test: a canary Wawp access token, a canary admin key and a canary tenant key never
 * appear in a captured log line, in any GraphQL response body (data or errors, HTTP or
 * graphql-ws), or in any URL the gateway requests — across the success, timeout, 5xx,
 * malformed-JSON and connection-reset paths. Nor do the QR values and pairing codes handed out
 * appear in a log line.
 */
import { createSimulator, type Simulator } from '@wawp-gateway/gateway/simulator';
import { CloseCode } from '@wawp-gateway/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { firstCode as code, type GqlResult, gql } from '../utils/graphql-http';
import { connectWs, wsFirst } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { secretForms } from '../utils/secret-forms';
import { simControl } from '../utils/simulator-control';
import { sleep, waitFor } from '../utils/wait';

// Plain alphanumerics: a leak in any encoding (URL, JSON, header) would show them verbatim.
const TOKEN_CANARY = 'CanaryWawpToken7f3a9c2e1b8d4f60a5';
const ADMIN_CANARY = 'CanaryAdminKey5e8b1d7c9a2f4e63b1';

const leftovers = createLeftovers();
let upstream: Simulator;
let h: Harness;
let sim: ReturnType<typeof simControl>;
let ids: string[];
/** Every response body the tests received, except the one that legitimately shows a new key. */
const bodies: string[] = [];
/** Tenant keys issued during the run (canaries too). */
const tenantKeys: string[] = [];
/** QR values and pairing codes handed out: short-lived secrets that must not be logged. */
const loginSecrets: string[] = [];

const record = <T>(result: GqlResult<T>) => {
  bodies.push(result.raw);
  return result;
};
const call = async <T = Record<string, unknown>>(
  query: string,
  variables: Record<string, unknown> = {},
  key: string | null = ADMIN_CANARY,
) => record(await gql<T>(h.url, key, query, variables));
const sessionInfo = (id: string) =>
  call<{ sessionInfo: { status: string } }>(
    'query($id: ID!) { sessionInfo(instanceId: $id) { instanceId status me { id } stale observedAt } }',
    { id },
  );
const start = (id: string) =>
  call('mutation($id: ID!) { startSession(instanceId: $id) { status } }', { id });

function expectAbsent(secret: string, where: string[], label: string) {
  for (const form of secretForms(secret)) {
    const leaks = where.filter((text) => text.includes(form));
    expect(leaks, `${label} contains ${form}`).toEqual([]);
  }
}

beforeAll(async () => {
  upstream = leftovers.add(
    createSimulator({ port: 0, accessToken: TOKEN_CANARY, timeScale: 5, instances: 8 }),
    (s) => s.stop(),
  );
  const simUrl = await upstream.start();
  ids = upstream.instanceIds();
  h = leftovers.add(
    await startGateway({
      config: {
        wawpBaseUrl: simUrl,
        wawpAccessToken: TOKEN_CANARY,
        adminKey: ADMIN_CANARY,
        wawpInstanceIds: ids,
        logLevel: 'trace',
      },
      recordFetch: true,
      wawp: {
        timeouts: { readMs: 500, actionMs: 500 },
        retry: { maxAttempts: 1 },
        breaker: { minimumCalls: 100_000 },
      },
    }),
    (harness) => harness.stop(),
  );
  sim = simControl(simUrl);
  for (const id of ids) {
    expect(id).not.toContain(TOKEN_CANARY.slice(0, 8));
  }
});

afterAll(() => leftovers.disposeAll());

describe('the canaries stay inside the gateway', () => {
  it('success path: reads, actions, QR, pairing, login, admin operations', async () => {
    const id = ids[0]!;
    expect(code(await sessionInfo(id))).toBeNull();
    expect(code(await start(id))).toBeNull();
    await waitFor(
      async () => (await sessionInfo(id)).data?.sessionInfo.status === 'SCAN_QR_CODE',
      15_000,
      250,
    );
    const qr = await call<{ qrCode: { value: string } | null }>(
      'query($id: ID!) { qrCode(instanceId: $id) { value imageDataUrl expiresAt } screenshot(instanceId: $id) { dataUrl } }',
      { id },
    );
    expect(qr.errors).toBeUndefined();
    expect(qr.data?.qrCode?.value).toMatch(/^2@/);
    loginSecrets.push(qr.data!.qrCode!.value);
    const pairing = await call<{ requestPairingCode: { code: string } }>(
      'mutation($id: ID!) { requestPairingCode(instanceId: $id, phoneNumber: "+20 114 520 2826") { code } }',
      { id },
    );
    expect(pairing.errors).toBeUndefined();
    loginSecrets.push(pairing.data!.requestPairingCode.code);
    await sim.scan(id, { pushName: 'Canary Tester' });
    await waitFor(
      async () => (await sessionInfo(id)).data?.sessionInfo.status === 'WORKING',
      15_000,
      250,
    );
    expect(
      code(await call('query($id: ID!) { me(instanceId: $id) { id pushName } }', { id })),
    ).toBeNull();
    for (const op of ['restartSession', 'logout', 'stopSession']) {
      const result = await call(`mutation($id: ID!) { ${op}(instanceId: $id) { status } }`, { id });
      expect(result.errors, op).toBeUndefined();
    }
    const created = await call<{ createInstance: { instanceId: string } }>(
      'mutation { createInstance(label: "Canary") { instanceId } }',
    );
    const createdId = created.data!.createInstance.instanceId;
    expect(
      code(await call('mutation($id: ID!) { deleteInstance(instanceId: $id) }', { id: createdId })),
    ).toBeNull();
    expect(
      code(await call('{ viewer { role } tenants { id } instances { instanceId } }')),
    ).toBeNull();
  });

  it('timeout path: a read and an action slower than the client deadline', async () => {
    await sim.fault([
      { instanceId: ids[1], route: 'session/info', latencyMs: 1_500 },
      { instanceId: ids[1], route: 'session/start', latencyMs: 1_500 },
    ]);
    expect(code(await sessionInfo(ids[1]!))).toBe('UPSTREAM_UNAVAILABLE');
    expect(code(await start(ids[1]!))).toBe('UPSTREAM_UNAVAILABLE');
    await sim.clearFaults();
  });

  it('5xx path: 500, 502 and 503 on reads and actions; 401 from Wawp', async () => {
    const id = ids[2]!;
    for (const errorStatus of [500, 502, 503]) {
      await sim.fault({ instanceId: id, errorStatus });
      expect(code(await start(id))).toBe('UPSTREAM_UNAVAILABLE');
      await sim.clearFaults();
    }
    await sim.fault({ instanceId: id, route: 'session/info', errorStatus: 503 });
    expect(code(await sessionInfo(id))).toBe('UPSTREAM_UNAVAILABLE');
    await sim.clearFaults();
    await sim.fault({ instanceId: ids[3], errorStatus: 401 });
    expect(code(await sessionInfo(ids[3]!))).toBe('UPSTREAM_AUTH_FAILED');
    expect(code(await start(ids[3]!))).toBe('UPSTREAM_AUTH_FAILED');
    await sim.clearFaults();
  });

  it('malformed-JSON path: truncated bodies on a read, an action and the QR', async () => {
    const id = ids[4]!;
    await sim.fault({ instanceId: id, malformedJson: true });
    expect(code(await sessionInfo(id))).toBe('UPSTREAM_UNAVAILABLE');
    expect(code(await start(id))).toBe('UPSTREAM_UNAVAILABLE');
    await sim.clearFaults();
  });

  it('reset path: the connection is destroyed without an answer', async () => {
    const id = ids[5]!;
    await sim.fault({ instanceId: id, reset: true });
    expect(code(await sessionInfo(id))).toBe('UPSTREAM_UNAVAILABLE');
    expect(code(await start(id))).toBe('UPSTREAM_UNAVAILABLE');
    await sim.clearFaults();
  });

  it('failed authentication attempts that carry a near-canary key', async () => {
    expect(code(await call('{ viewer { role } }', {}, `${ADMIN_CANARY}x`))).toBe('UNAUTHENTICATED');
    expect(code(await call('{ viewer { role } }', {}, ADMIN_CANARY.slice(0, -1)))).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('graphql-ws with the admin canary: a query, a failing read, a bad key', async () => {
    const connection = leftovers.add(connectWs(h.url, `Bearer ${ADMIN_CANARY}`), (c) =>
      c.dispose(),
    );
    const ok = await wsFirst(connection, '{ viewer { role } }');
    bodies.push(JSON.stringify(ok));
    expect(ok.result?.data).toEqual({ viewer: { role: 'ADMIN' } });
    await sim.fault({ instanceId: ids[6], route: 'session/info', errorStatus: 502 });
    const failed = await wsFirst(
      connection,
      'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
      {
        id: ids[6],
      },
    );
    bodies.push(JSON.stringify(failed));
    expect(failed.result?.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    await sim.clearFaults();
    const refused = leftovers.add(connectWs(h.url, `Bearer ${ADMIN_CANARY}-wrong`), (c) =>
      c.dispose(),
    );
    const closed = await wsFirst(refused, '{ viewer { role } }');
    bodies.push(JSON.stringify(closed));
    expect(closed.closeCode).toBe(CloseCode.Forbidden);
  });

  it('a tenant key canary: issued (shown once), used over HTTP and ws, revoked, refused', async () => {
    const tenant = await call<{ createTenant: { id: string } }>(
      'mutation { createTenant(name: "Canary Co") { id } }',
    );
    const tenantId = tenant.data!.createTenant.id;
    await call(
      'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { tenantId } }',
      {
        id: ids[7],
        t: tenantId,
      },
    );
    // The one response allowed to show the key: not added to `bodies`.
    const issued = await gql<{ issueApiKey: { id: string; key: string } }>(
      h.url,
      ADMIN_CANARY,
      'mutation($t: ID!) { issueApiKey(tenantId: $t) { id key } }',
      { t: tenantId },
    );
    const { id: keyId, key: tenantKey } = issued.data!.issueApiKey;
    tenantKeys.push(tenantKey);

    expect(code(await call('{ viewer { tenantId } }', {}, tenantKey))).toBeNull();
    const read = await call(
      'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
      { id: ids[7] },
      tenantKey,
    );
    expect(read.errors).toBeUndefined();
    await sim.fault({ instanceId: ids[7], route: 'session/start', errorStatus: 502 });
    expect(
      code(
        await call(
          'mutation($id: ID!) { startSession(instanceId: $id) { status } }',
          { id: ids[7] },
          tenantKey,
        ),
      ),
    ).toBe('UPSTREAM_UNAVAILABLE');
    await sim.clearFaults();
    const ws = leftovers.add(connectWs(h.url, `Bearer ${tenantKey}`), (c) => c.dispose());
    const overWs = await wsFirst(ws, '{ instances { instanceId } }');
    bodies.push(JSON.stringify(overWs));
    expect(overWs.result?.data).toEqual({ instances: [{ instanceId: ids[7] }] });

    const listed = await call(
      'query($t: ID!) { tenant(id: $t) { apiKeys { id prefix revokedAt } } }',
      {
        t: tenantId,
      },
    );
    expect(listed.errors).toBeUndefined();
    expect(
      code(await call('mutation($id: ID!) { revokeApiKey(id: $id) }', { id: keyId })),
    ).toBeNull();
    expect(code(await call('{ viewer { role } }', {}, tenantKey))).toBe('UNAUTHENTICATED');
    const afterRevoke = await wsFirst(ws, '{ viewer { role } }');
    bodies.push(JSON.stringify(afterRevoke));
    const refusedWs = leftovers.add(connectWs(h.url, `Bearer ${tenantKey}`), (c) => c.dispose());
    const refused = await wsFirst(refusedWs, '{ viewer { role } }');
    bodies.push(JSON.stringify(refused));
    expect(refused.closeCode).toBe(CloseCode.Forbidden);
  });
});

describe('where the canaries were looked for', () => {
  it('the checks saw real traffic on every path', async () => {
    // Let late log lines (aborted fetches, socket closes) land first.
    await sleep(200);
    expect(bodies.length).toBeGreaterThan(40);
    expect(h.upstreamUrls.length).toBeGreaterThan(20);
    expect(h.logs.length).toBeGreaterThan(100);
    const logText = h.logs.join('');
    expect(logText).toMatch(/timeout/i);
    expect(logText).toContain('session/info');
    expect(tenantKeys).toHaveLength(1);
  });

  it('no canary in any captured log line', () => {
    for (const secret of [TOKEN_CANARY, ADMIN_CANARY, ...tenantKeys]) {
      expectAbsent(secret, h.logs, 'a log line');
    }
  });

  it('no QR value or pairing code in any captured log line', () => {
    expect(loginSecrets).toHaveLength(2);
    for (const secret of loginSecrets) {
      expectAbsent(secret, h.logs, 'a log line');
    }
  });

  it('no canary in any GraphQL response body, data or errors, over HTTP or graphql-ws', () => {
    for (const secret of [TOKEN_CANARY, ADMIN_CANARY, ...tenantKeys]) {
      expectAbsent(secret, bodies, 'a response');
    }
  });

  it('no canary, and no access_token at all, in any URL the gateway requested', () => {
    for (const secret of [TOKEN_CANARY, ADMIN_CANARY, ...tenantKeys]) {
      expectAbsent(secret, h.upstreamUrls, 'an upstream URL');
    }
    expect(h.upstreamUrls.filter((url) => /access[_-]?token/i.test(url))).toEqual([]);
    expect(h.upstreamUrls.every((url) => url.startsWith(upstream.url))).toBe(true);
  });
});
