/**
 * Tenants, API keys and instance assignment over the API: `tenants`, `tenant`, `createTenant`,
 * `issueApiKey` (shown once), `assignInstance`, `revokeApiKey`, and a tenant key refused the admin
 * operations. Set-up and helpers: `./support.ts`.
 */
import { describe, expect, it } from 'vitest';
import { dataOf, gql } from '../utils/graphql-http';
import { expectError, useApiGateway } from './support';

const api = useApiGateway();
const { admin, sessionInfo } = api;

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
    const viewer = await gql<{ viewer: unknown }>(
      api.h.url,
      key.key,
      '{ viewer { role tenantId } }',
    );
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
    const id = api.ids[8]!;
    const assign = (tenant: string | null) =>
      admin<{ assignInstance: { instanceId: string; tenantId: string | null } }>(
        'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { instanceId tenantId } }',
        { id, t: tenant },
      );
    const tenantInstances = async () =>
      dataOf(
        await gql<{ instances: { instanceId: string }[] }>(
          api.h.url,
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
          { id: api.ids[8] },
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
    expectError(await gql(api.h.url, key.key, '{ viewer { role } }'), 'UNAUTHENTICATED', 401);
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
      await gql(api.h.url, issueApiKey.key, 'mutation { createTenant(name: "Evil") { id } }'),
      'FORBIDDEN',
      403,
    );
    expect(error.message).toBe('Your key may not use Mutation.createTenant.');
  });
});
