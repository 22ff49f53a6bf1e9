/**
 * Every Query and Mutation of `schema/schema.graphql`, over real HTTP with the admin key, against a
 * gateway running the embedded simulator; plus every error code of ARCHITECTURE.md section 9.
 *
 * The gateway never reads one instance's status twice within 2 s, so a read right after an action
 * sees the action's answer; tests that wait for a later status poll `sessionInfo` with `waitFor`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, firstError, type GqlResult, gql } from '../utils/graphql-http';
import { connectWs, wsFirst } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { decodeQrPng } from '../utils/qr-decode';
import { createUpstreamInstance, simControl, waitFor } from '../utils/simulator-control';

const leftovers = createLeftovers();
let h: Harness;
let sim: ReturnType<typeof simControl>;
/** The simulator's instances, each used by one group of tests so their states do not mix. */
let ids: string[];

type Data = Record<string, never>;
const admin = <T = Data>(query: string, variables: Record<string, unknown> = {}) =>
  gql<T>(h.url, h.adminKey, query, variables);

interface Session {
  instanceId: string;
  status: string;
  me: { id: string; pushName: string | null } | null;
  observedAt: string;
  stale: boolean;
}
const SESSION = 'instanceId status me { id pushName } observedAt stale';
const sessionInfo = (id: string, key: string | null = h.adminKey) =>
  gql<{ sessionInfo: Session }>(
    h.url,
    key,
    `query($id: ID!) { sessionInfo(instanceId: $id) { ${SESSION} } }`,
    { id },
  );
const action = async (name: string, id: string) =>
  dataOf(
    await admin<Record<string, Session>>(
      `mutation($id: ID!) { ${name}(instanceId: $id) { ${SESSION} } }`,
      { id },
    ),
  )[name]!;
/** Polls `sessionInfo` (each read at most every 2 s) until the gateway reports `status`. */
const waitForStatus = (id: string, status: string, timeoutMs = 20_000) =>
  waitFor(
    async () => {
      const result = await sessionInfo(id);
      return result.data?.sessionInfo.status === status ? result.data.sessionInfo : null;
    },
    timeoutMs,
    250,
  );
const requestPairingCode = (id: string, phoneNumber: string) =>
  admin<{ requestPairingCode: { code: string; expiresAt: string | null } }>(
    'mutation($id: ID!, $phone: String!) { requestPairingCode(instanceId: $id, phoneNumber: $phone) { code expiresAt } }',
    { id, phone: phoneNumber },
  );
const qrCode = (id: string) =>
  admin<{ qrCode: { value: string; imageDataUrl: string; expiresAt: string | null } | null }>(
    'query($id: ID!) { qrCode(instanceId: $id) { value imageDataUrl expiresAt } }',
    { id },
  );
const createInstance = async (label: string | null = null, tenantId: string | null = null) =>
  dataOf(
    await admin<{ createInstance: { instanceId: string; label: string | null } }>(
      'mutation($label: String, $tenantId: ID) { createInstance(label: $label, tenantId: $tenantId) { instanceId label tenantId } }',
      { label, tenantId },
    ),
  ).createInstance;

/** Asserts one error with exactly this code (and the HTTP status the error table gives it). */
function expectError(result: GqlResult<unknown>, code: string, httpStatus?: number) {
  expect(
    result.errors?.map((e) => e.extensions?.code),
    result.raw,
  ).toEqual([code]);
  if (httpStatus !== undefined) {
    expect(result.status).toBe(httpStatus);
  }
  return firstError(result);
}

beforeAll(async () => {
  h = leftovers.add(
    await startGateway({
      simulator: { timeScale: 5, instances: 10 },
      config: { logLevel: 'info' },
      // One attempt per read and a breaker that never opens: each fault maps to exactly one code.
      wawp: { retry: { maxAttempts: 1 }, breaker: { minimumCalls: 100_000 } },
    }),
    (harness) => harness.stop(),
  );
  sim = simControl(h.simUrl);
  ids = h.gateway.simulator!.instanceIds();
  expect(ids).toHaveLength(10);
});

afterAll(() => leftovers.disposeAll());

describe('queries on instances', () => {
  it('instances lists every simulator instance, registered at start, unlabelled and unassigned', async () => {
    const { instances } = dataOf(
      await admin<{
        instances: { instanceId: string; label: string | null; tenantId: string | null }[];
      }>('{ instances { instanceId label tenantId createdAt } }'),
    );
    expect(instances.map((i) => i.instanceId).sort()).toEqual([...ids].sort());
    expect(instances.every((i) => i.label === null && i.tenantId === null)).toBe(true);
  });

  it('instance and sessionInfo read one instance; viewer says ADMIN', async () => {
    const before = Date.now();
    const result = await admin<{
      instance: { instanceId: string; session: Session };
      sessionInfo: Session;
      viewer: { role: string; tenantId: string | null };
    }>(
      `query($id: ID!) {
        instance(instanceId: $id) { instanceId label tenantId session { ${SESSION} } }
        sessionInfo(instanceId: $id) { ${SESSION} }
        viewer { role tenantId }
      }`,
      { id: ids[0] },
    );
    const data = dataOf(result);
    expect(data.viewer).toEqual({ role: 'ADMIN', tenantId: null });
    expect(data.sessionInfo).toMatchObject({
      instanceId: ids[0],
      status: 'STOPPED',
      me: null,
      stale: false,
    });
    expect(Date.parse(data.sessionInfo.observedAt)).toBeGreaterThanOrEqual(before - 1);
    expect(data.instance.session).toEqual(data.sessionInfo);
  });

  it('instance, sessionInfo, me, qrCode and screenshot of an unknown id are NOT_FOUND', async () => {
    for (const field of ['instance', 'sessionInfo', 'me', 'qrCode', 'screenshot']) {
      const result = await admin(`query { ${field}(instanceId: "NOSUCHINSTANCE") { __typename } }`);
      const error = expectError(result, 'NOT_FOUND', 404);
      expect(error.message).toBe('Instance not found.');
    }
  });
});

describe('the QR login flow', () => {
  it('startSession answers STARTING; qrCode is null until SCAN_QR_CODE', async () => {
    const id = ids[1]!;
    expect(dataOf(await qrCode(id)).qrCode).toBeNull();
    const started = await action('startSession', id);
    expect(started).toMatchObject({ instanceId: id, status: 'STARTING', me: null, stale: false });
    expect((await sim.instance(id))?.status).toBe('STARTING');
    expect(dataOf(await qrCode(id)).qrCode).toBeNull();
  });

  it('qrCode gives the value, a PNG that decodes to it, and its expiry', async () => {
    const id = ids[1]!;
    await waitForStatus(id, 'SCAN_QR_CODE');
    const qr = dataOf(await qrCode(id)).qrCode!;
    const upstream = (await sim.instance(id))!.qr!;
    expect(qr.value).toBe(upstream.value);
    expect(qr.imageDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(decodeQrPng(qr.imageDataUrl)).toBe(qr.value);
    expect(Date.parse(qr.expiresAt!)).toBe(upstream.expires_at);
  });

  it('screenshot shows what the engine shows (the QR while SCAN_QR_CODE)', async () => {
    const id = ids[1]!;
    const { screenshot } = dataOf(
      await admin<{ screenshot: { mimeType: string; dataUrl: string; takenAt: string } }>(
        'query($id: ID!) { screenshot(instanceId: $id) { mimeType dataUrl takenAt } }',
        { id },
      ),
    );
    expect(screenshot.mimeType).toBe('image/png');
    expect(screenshot.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(decodeQrPng(screenshot.dataUrl)).toBe((await sim.instance(id))!.qr!.value);
    expect(Number.isNaN(Date.parse(screenshot.takenAt))).toBe(false);
  });

  it('me is null until WORKING, then the scanned account', async () => {
    const id = ids[1]!;
    expect(
      dataOf(await admin<{ me: null }>('query($id: ID!) { me(instanceId: $id) { id } }', { id }))
        .me,
    ).toBeNull();
    expect((await sim.scan(id, { pushName: 'Ada Lovelace', phone: '201145202826' })).status).toBe(
      200,
    );
    const working = await waitForStatus(id, 'WORKING');
    const account = { id: '201145202826@c.us', pushName: 'Ada Lovelace' };
    expect(working.me).toEqual(account);
    const { me } = dataOf(
      await admin<{ me: unknown }>('query($id: ID!) { me(instanceId: $id) { id pushName } }', {
        id,
      }),
    );
    expect(me).toEqual(account);
    expect(dataOf(await qrCode(id)).qrCode).toBeNull();
  });

  it('restartSession keeps the link: STARTING, then WORKING as the same account', async () => {
    const id = ids[1]!;
    const restarted = await action('restartSession', id);
    expect(restarted).toMatchObject({ status: 'STARTING', me: null });
    const working = await waitForStatus(id, 'WORKING');
    expect(working.me).toEqual({ id: '201145202826@c.us', pushName: 'Ada Lovelace' });
  });

  it('logout unlinks the account: the session comes back needing a new QR', async () => {
    const id = ids[1]!;
    const loggedOut = await action('logout', id);
    expect(loggedOut).toMatchObject({ status: 'STARTING', me: null });
    await waitForStatus(id, 'SCAN_QR_CODE');
    expect((await sim.instance(id))?.me).toBeNull();
  });

  it('stopSession answers STOPPED; screenshot and me are then null', async () => {
    const id = ids[1]!;
    expect(await action('stopSession', id)).toMatchObject({ status: 'STOPPED', me: null });
    expect((await sim.instance(id))?.status).toBe('STOPPED');
    const { screenshot, me } = dataOf(
      await admin<{ screenshot: unknown; me: unknown }>(
        'query($id: ID!) { screenshot(instanceId: $id) { mimeType } me(instanceId: $id) { id } }',
        { id },
      ),
    );
    expect(screenshot).toBeNull();
    expect(me).toBeNull();
  });
});

describe('pairing codes', () => {
  it('requestPairingCode starts a STOPPED instance and normalises "+20 114 520 2826"', async () => {
    const id = ids[2]!;
    expect((await sim.instance(id))?.status).toBe('STOPPED');
    const { requestPairingCode: pairing } = dataOf(
      await requestPairingCode(id, '+20 114 520 2826'),
    );
    expect(pairing.code).toMatch(/^[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}$/);
    const upstream = await sim.instance(id);
    expect(upstream?.status).toBe('SCAN_QR_CODE');
    expect(upstream?.pairing).toEqual({ code: pairing.code, phone: '201145202826' });
  });

  it('accepts "0020 114-520-2826" and replaces the code', async () => {
    const id = ids[2]!;
    const first = (await sim.instance(id))?.pairing?.code;
    const { requestPairingCode: pairing } = dataOf(
      await requestPairingCode(id, '0020 114-520-2826'),
    );
    expect((await sim.instance(id))?.pairing).toEqual({
      code: pairing.code,
      phone: '201145202826',
    });
    expect(pairing.code).not.toBe(first);
  });

  it.each([
    ['call me maybe', /may contain only digits/],
    ['0114 520 2826', /must include the country code/],
    ['+20 12', /too short/],
    ['', /is empty/],
    ['+20 114 520 2826 +1', /one "\+"/],
  ])('BAD_USER_INPUT for %j says why (%s), without calling Wawp', async (phone, why) => {
    const id = ids[2]!;
    await sim.clearRequests();
    const error = expectError(await requestPairingCode(id, phone), 'BAD_USER_INPUT', 400);
    expect(error.message).toMatch(/^phoneNumber /);
    expect(error.message).toMatch(why);
    expect(error.field).toBe('phoneNumber');
    expect(await sim.requests(id)).toEqual([]);
  });

  it('entering the code links the phone; pairing on WORKING is SESSION_NOT_READY', async () => {
    const id = ids[2]!;
    const code = (await sim.instance(id))!.pairing!.code;
    expect((await sim.enterCode(id, code)).status).toBe(200);
    const working = await waitForStatus(id, 'WORKING');
    expect(working.me?.id).toBe('201145202826@c.us');
    const error = expectError(
      await requestPairingCode(id, '+20 114 520 2826'),
      'SESSION_NOT_READY',
      409,
    );
    expect(error.status).toBe('WORKING');
  });
});

describe('tenants, keys and assignment', () => {
  let tenantId: string;
  let key: { id: string; key: string; prefix: string; tenantId: string };

  it('tenants is empty; createTenant trims the name', async () => {
    expect(dataOf(await admin<{ tenants: unknown[] }>('{ tenants { id } }')).tenants).toEqual([]);
    const { createTenant } = dataOf(
      await admin<{ createTenant: { id: string; name: string; instances: unknown[] } }>(
        'mutation { createTenant(name: "  Acme  ") { id name createdAt instances { instanceId } } }',
      ),
    );
    expect(createTenant).toMatchObject({ name: 'Acme', instances: [] });
    tenantId = createTenant.id;
    const { tenants } = dataOf(await admin<{ tenants: unknown[] }>('{ tenants { id name } }'));
    expect(tenants).toEqual([{ id: tenantId, name: 'Acme' }]);
  });

  it('createTenant with a blank or too long name is BAD_USER_INPUT', async () => {
    expect(
      expectError(await admin('mutation { createTenant(name: "   ") { id } }'), 'BAD_USER_INPUT')
        .message,
    ).toMatch(/name must not be empty/);
    const long = 'x'.repeat(81);
    expectError(await admin(`mutation { createTenant(name: "${long}") { id } }`), 'BAD_USER_INPUT');
    expect(dataOf(await admin<{ tenants: unknown[] }>('{ tenants { id } }')).tenants).toHaveLength(
      1,
    );
  });

  it('issueApiKey shows the key once; listings show only its prefix', async () => {
    const { issueApiKey } = dataOf(
      await admin<{ issueApiKey: typeof key }>(
        'mutation($t: ID!) { issueApiKey(tenantId: $t) { id tenantId key prefix createdAt } }',
        { t: tenantId },
      ),
    );
    key = issueApiKey;
    expect(key.tenantId).toBe(tenantId);
    expect(key.key.length).toBeGreaterThanOrEqual(24);
    expect(key.key.startsWith(key.prefix)).toBe(true);
    expect(key.prefix.length).toBeLessThan(key.key.length / 2);
    const listed = await admin<{ tenant: { apiKeys: unknown[] } }>(
      'query($t: ID!) { tenant(id: $t) { apiKeys { id tenantId prefix revokedAt } } }',
      { t: tenantId },
    );
    expect(dataOf(listed).tenant.apiKeys).toEqual([
      { id: key.id, tenantId, prefix: key.prefix, revokedAt: null },
    ]);
    expect(listed.raw).not.toContain(key.key);
    const viewer = await gql<{ viewer: unknown }>(h.url, key.key, '{ viewer { role tenantId } }');
    expect(dataOf(viewer).viewer).toEqual({ role: 'TENANT', tenantId });
  });

  it('issueApiKey for an unknown tenant is NOT_FOUND', async () => {
    const error = expectError(
      await admin('mutation { issueApiKey(tenantId: "no-such-tenant") { key } }'),
      'NOT_FOUND',
    );
    expect(error.message).toBe('Tenant not found.');
  });

  it('assignInstance gives an instance to a tenant and takes it back', async () => {
    const id = ids[8]!;
    const assign = (tenant: string | null) =>
      admin<{ assignInstance: { instanceId: string; tenantId: string | null } }>(
        'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { instanceId tenantId } }',
        { id, t: tenant },
      );
    const tenantInstances = async () =>
      dataOf(
        await gql<{ instances: { instanceId: string }[] }>(
          h.url,
          key.key,
          '{ instances { instanceId } }',
        ),
      ).instances.map((i) => i.instanceId);

    expect(dataOf(await assign(tenantId)).assignInstance).toEqual({ instanceId: id, tenantId });
    expect(await tenantInstances()).toEqual([id]);
    expect(dataOf(await sessionInfo(id, key.key)).sessionInfo.status).toBe('STOPPED');
    const { tenant } = dataOf(
      await admin<{ tenant: { instances: { instanceId: string }[] } }>(
        'query($t: ID!) { tenant(id: $t) { instances { instanceId } } }',
        { t: tenantId },
      ),
    );
    expect(tenant.instances).toEqual([{ instanceId: id }]);

    expect(dataOf(await assign(null)).assignInstance).toEqual({ instanceId: id, tenantId: null });
    expect(await tenantInstances()).toEqual([]);
    expectError(await sessionInfo(id, key.key), 'NOT_FOUND', 404);
  });

  it('assignInstance to an unknown tenant or of an unknown instance is NOT_FOUND', async () => {
    expect(
      expectError(
        await admin(
          'mutation($id: ID!) { assignInstance(instanceId: $id, tenantId: "nope") { tenantId } }',
          { id: ids[8] },
        ),
        'NOT_FOUND',
      ).message,
    ).toBe('Tenant not found.');
    expect(
      expectError(
        await admin(
          'mutation($t: ID) { assignInstance(instanceId: "NOSUCHINSTANCE", tenantId: $t) { tenantId } }',
          { t: tenantId },
        ),
        'NOT_FOUND',
      ).message,
    ).toBe('Instance not found.');
  });

  it('revokeApiKey revokes at once: true, then false; the key is then UNAUTHENTICATED', async () => {
    const revoke = async (id: string) =>
      dataOf(
        await admin<{ revokeApiKey: boolean }>('mutation($id: ID!) { revokeApiKey(id: $id) }', {
          id,
        }),
      ).revokeApiKey;
    expect(await revoke(key.id)).toBe(true);
    expect(await revoke(key.id)).toBe(false);
    expect(await revoke('no-such-key')).toBe(false);
    expectError(await gql(h.url, key.key, '{ viewer { role } }'), 'UNAUTHENTICATED', 401);
    const { tenant } = dataOf(
      await admin<{ tenant: { apiKeys: { revokedAt: string | null }[] } }>(
        'query($t: ID!) { tenant(id: $t) { apiKeys { revokedAt } } }',
        { t: tenantId },
      ),
    );
    expect(tenant.apiKeys[0]?.revokedAt).not.toBeNull();
  });

  it('a tenant key may not use admin operations: FORBIDDEN', async () => {
    const { issueApiKey } = dataOf(
      await admin<{ issueApiKey: { key: string } }>(
        'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }',
        { t: tenantId },
      ),
    );
    const error = expectError(
      await gql(h.url, issueApiKey.key, 'mutation { createTenant(name: "Evil") { id } }'),
      'FORBIDDEN',
      403,
    );
    expect(error.message).toBe('Your key may not use Mutation.createTenant.');
  });
});

describe('instance administration', () => {
  it('createInstance creates it at Wawp (STOPPED) and registers it with label and tenant', async () => {
    const { createTenant } = dataOf(
      await admin<{ createTenant: { id: string } }>(
        'mutation { createTenant(name: "Globex") { id } }',
      ),
    );
    const created = await admin<{
      createInstance: { instanceId: string; label: string; tenantId: string; session: Session };
    }>(
      'mutation($t: ID) { createInstance(label: " Support line ", tenantId: $t) { instanceId label tenantId session { status } } }',
      { t: createTenant.id },
    );
    const instance = dataOf(created).createInstance;
    expect(instance).toMatchObject({
      label: 'Support line',
      tenantId: createTenant.id,
      session: { status: 'STOPPED' },
    });
    expect((await sim.instance(instance.instanceId))?.status).toBe('STOPPED');
  });

  it('createInstance with a bad label or unknown tenant creates nothing upstream', async () => {
    const before = (await sim.instances()).length;
    expectError(
      await admin(`mutation { createInstance(label: "${'l'.repeat(81)}") { instanceId } }`),
      'BAD_USER_INPUT',
    );
    expectError(
      await admin('mutation { createInstance(tenantId: "no-such-tenant") { instanceId } }'),
      'NOT_FOUND',
    );
    expect((await sim.instances()).length).toBe(before);
  });

  it('registerInstance registers an id Wawp knows; an unknown upstream id is NOT_FOUND', async () => {
    const upstreamId = await createUpstreamInstance(h.simUrl, h.gateway.simulator!.accessToken);
    expectError(
      await admin('query($id: ID!) { instance(instanceId: $id) { label } }', { id: upstreamId }),
      'NOT_FOUND',
    );
    const { registerInstance } = dataOf(
      await admin<{ registerInstance: { instanceId: string; label: string } }>(
        'mutation($id: ID!) { registerInstance(instanceId: $id, label: "Imported") { instanceId label tenantId } }',
        { id: upstreamId },
      ),
    );
    expect(registerInstance).toEqual({ instanceId: upstreamId, label: 'Imported', tenantId: null });
    expect(dataOf(await sessionInfo(upstreamId)).sessionInfo.status).toBe('STOPPED');

    const unknown = await admin(
      'mutation { registerInstance(instanceId: "NOSUCHUPSTREAM", label: "Ghost") { instanceId } }',
    );
    expectError(unknown, 'NOT_FOUND');
    expectError(
      await admin('query { instance(instanceId: "NOSUCHUPSTREAM") { label } }'),
      'NOT_FOUND',
    );
  });

  it('deleteInstance logs out, deletes at Wawp, forgets it; then NOT_FOUND', async () => {
    const { instanceId } = await createInstance('Doomed');
    await sim.clearRequests();
    const deleted = await admin<{ deleteInstance: boolean }>(
      'mutation($id: ID!) { deleteInstance(instanceId: $id) }',
      { id: instanceId },
    );
    expect(dataOf(deleted).deleteInstance).toBe(true);
    expect((await sim.requests(instanceId)).map((r) => r.path)).toEqual([
      '/v2/session/logout',
      '/v2/session/delete',
    ]);
    expect(await sim.instance(instanceId)).toBeUndefined();
    expectError(await sessionInfo(instanceId), 'NOT_FOUND', 404);
    expectError(
      await admin('query($id: ID!) { instance(instanceId: $id) { label } }', { id: instanceId }),
      'NOT_FOUND',
    );
    expectError(
      await admin('mutation($id: ID!) { deleteInstance(instanceId: $id) }', { id: instanceId }),
      'NOT_FOUND',
    );
    const { instances } = dataOf(
      await admin<{ instances: { instanceId: string }[] }>('{ instances { instanceId } }'),
    );
    expect(instances.map((i) => i.instanceId)).not.toContain(instanceId);
  });
});

describe('upstream failures map to the error table', () => {
  it('UNAUTHENTICATED without a key or with an unknown key', async () => {
    const none = expectError(
      await gql(h.url, null, '{ instances { instanceId } }'),
      'UNAUTHENTICATED',
      401,
    );
    expect(none.message).toMatch(/Authorization: Bearer <key>/);
    expectError(
      await gql(h.url, 'wga_not-a-real-key-000000', '{ instances { instanceId } }'),
      'UNAUTHENTICATED',
      401,
    );
    expectError(
      await gql(h.url, `Basic ${h.adminKey}`, '{ viewer { role } }'),
      'UNAUTHENTICATED',
      401,
    );
  });

  it('QR_REFRESHING with retryAfterMs while Wawp rotates the QR (auth/qr answers 422)', async () => {
    const id = ids[3]!;
    // Fault first: the webhook-driven QR refresh fails too, so no QR is cached anywhere.
    await sim.fault({ instanceId: id, route: 'auth/qr', errorStatus: 422 });
    await action('startSession', id);
    await waitForStatus(id, 'SCAN_QR_CODE');
    const error = expectError(await qrCode(id), 'QR_REFRESHING', 503);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(2_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5_000);
    // It retried within the floor before giving up: every QR read answered 422, none < 2 s apart.
    const reads = (await sim.requests(id)).filter((r) => r.path === '/v2/auth/qr');
    expect(reads.length).toBeGreaterThanOrEqual(2);
    expect(reads.every((r) => r.status === 422)).toBe(true);
    for (let i = 1; i < reads.length; i++) {
      expect(reads[i]!.timestamp - reads[i - 1]!.timestamp).toBeGreaterThanOrEqual(1_950);
    }
    await sim.clearFaults();
    const qr = dataOf(await qrCode(id)).qrCode!;
    expect(decodeQrPng(qr.imageDataUrl)).toBe(qr.value);
    await action('stopSession', id);
  });

  it('RATE_LIMITED with retryAfterMs from Retry-After (429 on session/info)', async () => {
    const id = ids[4]!;
    await sim.fault({ instanceId: id, route: 'session/info', errorStatus: 429 });
    expect(expectError(await sessionInfo(id), 'RATE_LIMITED', 429).retryAfterMs).toBe(2_000);
    await sim.clearFaults();
    await sim.fault({ instanceId: id, route: 'session/info', rateLimit: true, retryAfterS: 7 });
    expect(expectError(await sessionInfo(id), 'RATE_LIMITED', 429).retryAfterMs).toBe(7_000);
    await sim.clearFaults();
  });

  it('UPSTREAM_UNAVAILABLE on 502, on a reset connection and on malformed JSON', async () => {
    // A new instance: the gateway has never read it, so it has no last known state to fall back on.
    const { instanceId: id } = await createInstance('Flaky');
    for (const fault of [{ errorStatus: 502 }, { reset: true }, { malformedJson: true }]) {
      await sim.clearFaults();
      await sim.fault({ instanceId: id, route: 'session/info', ...fault });
      const error = expectError(await sessionInfo(id), 'UPSTREAM_UNAVAILABLE', 503);
      expect(error.retryAfterMs, JSON.stringify(fault)).toBeGreaterThan(0);
      expect(error.message).toBe('Wawp is unavailable; try again shortly');
    }
    await sim.clearFaults();
    await sim.fault({ instanceId: id, route: 'session/start', errorStatus: 503 });
    const start = await admin('mutation($id: ID!) { startSession(instanceId: $id) { status } }', {
      id,
    });
    expectError(start, 'UPSTREAM_UNAVAILABLE', 503);
    await sim.clearFaults();
    expect((await sim.instance(id))?.status).toBe('STOPPED');
  });

  it('with a last known state, a failing Wawp gives it with stale: true', async () => {
    const id = ids[6]!;
    const fresh = dataOf(await sessionInfo(id)).sessionInfo;
    expect(fresh.stale).toBe(false);
    await sim.fault({ instanceId: id, route: 'session/info', errorStatus: 502 });
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    await sim.clearRequests();
    const stale = dataOf(await sessionInfo(id)).sessionInfo;
    expect(stale).toEqual({ ...fresh, stale: true });
    expect((await sim.requests(id)).map((r) => r.status)).toEqual([502]);
    await sim.clearFaults();
    await new Promise((resolve) => setTimeout(resolve, 2_100));
    expect(dataOf(await sessionInfo(id)).sessionInfo.stale).toBe(false);
  });

  it('UPSTREAM_AUTH_FAILED when Wawp rejects the gateway token', async () => {
    const id = ids[7]!;
    const misconfigured = leftovers.add(
      await startGateway({
        config: {
          wawpBaseUrl: h.simUrl,
          wawpAccessToken: 'wrong-token-for-this-account',
          wawpInstanceIds: [id],
        },
      }),
      (harness) => harness.stop(),
    );
    const read = await gql(
      misconfigured.url,
      misconfigured.adminKey,
      'query($id: ID!) { sessionInfo(instanceId: $id) { status } }',
      { id },
    );
    const error = expectError(read, 'UPSTREAM_AUTH_FAILED', 502);
    expect(error.message).toMatch(/WAWP_ACCESS_TOKEN/);
    const start = await gql(
      misconfigured.url,
      misconfigured.adminKey,
      'mutation($id: ID!) { startSession(instanceId: $id) { status } }',
      { id },
    );
    expectError(start, 'UPSTREAM_AUTH_FAILED', 502);
    expect(read.raw + start.raw).not.toContain('wrong-token-for-this-account');
    expect((await sim.instance(id))?.status).toBe('STOPPED');
    await misconfigured.stop();
  });

  it('INTERNAL is masked: no message, stack or cause of the real failure', async () => {
    const directory = h.gateway.store.directory;
    const original = directory.listTenants;
    directory.listTenants = () => {
      throw new Error('relation "tenants" exploded at /var/lib/secret/path');
    };
    try {
      const result = await admin('{ tenants { id } }');
      const error = expectError(result, 'INTERNAL', 500);
      expect(error.message).toBe('Unexpected error.');
      expect(result.raw).not.toMatch(/exploded|secret|stack|originalError|at \//);
    } finally {
      directory.listTenants = original;
    }
  });

  it('INTERNAL over graphql-ws: a failure while checking a key leaks nothing in the close', async () => {
    const directory = h.gateway.store.directory;
    const original = directory.authenticate;
    directory.authenticate = () =>
      Promise.reject(new Error('password authentication failed for user "secret-db-user"'));
    try {
      const tenantShapedKey = `Bearer wgk_${'a'.repeat(43)}`;
      const http = await gql(h.url, tenantShapedKey.slice(7), '{ viewer { role } }');
      expect(http.raw).not.toMatch(/secret-db-user|password/);
      const connection = leftovers.add(connectWs(h.url, tenantShapedKey), (c) => c.dispose());
      const outcome = await wsFirst(connection, '{ viewer { role } }');
      expect(outcome.kind).toBe('closed');
      expect(outcome.kind === 'closed' ? outcome.reason : '').not.toMatch(
        /secret-db-user|password/,
      );
    } finally {
      directory.authenticate = original;
    }
  });
});
