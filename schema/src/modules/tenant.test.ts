import { isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createFakes } from '../testing/fake-ports';
import { codes, run, VIEWERS } from '../testing/run';
import { schema } from './index';

describe('tenants and API keys', () => {
  it('creates a tenant with a trimmed name', async () => {
    const fakes = createFakes();
    const result = await run(
      fakes,
      VIEWERS.admin,
      'mutation { createTenant(name: "  Initech ") { id name instances { instanceId } } }',
    );
    expect(result.data?.createTenant).toEqual({ id: 't-3', name: 'Initech', instances: [] });
  });

  it.each([
    ['   ', 'name must not be empty.'],
    ['x'.repeat(81), 'name must be at most 80 characters (got 81).'],
  ])('refuses the name %j', async (name, message) => {
    const fakes = createFakes();
    const result = await run(
      fakes,
      VIEWERS.admin,
      'mutation($n: String!) { createTenant(name: $n) { id } }',
      { n: name },
    );
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toBe(message);
    expect(result.errors?.[0]?.extensions.field).toBe('name');
    expect(fakes.tenants.size).toBe(2);
  });

  it('accepts 80 characters, counted as characters, not UTF-16 units', async () => {
    const name = '😀'.repeat(80);
    const result = await run(
      createFakes(),
      VIEWERS.admin,
      'mutation($n: String!) { createTenant(name: $n) { name } }',
      { n: name },
    );
    expect(result.data?.createTenant).toEqual({ name });
  });

  it('issues a key once, then lists it without the secret', async () => {
    const fakes = createFakes();
    const issued = await run(
      fakes,
      VIEWERS.admin,
      'mutation { issueApiKey(tenantId: "t-globex") { id tenantId key prefix } }',
    );
    expect(issued.data?.issueApiKey).toEqual({
      id: 'k-2',
      tenantId: 't-globex',
      key: 'wgk_new-secret',
      prefix: 'wgk_ne',
    });
    const listed = await run(
      fakes,
      VIEWERS.admin,
      '{ tenant(id: "t-globex") { apiKeys { id prefix revokedAt } } }',
    );
    expect(listed.data?.tenant).toEqual({
      apiKeys: [{ id: 'k-2', prefix: 'wgk_ne', revokedAt: null }],
    });
  });

  it('refuses keys for an unknown tenant and reports unknown tenants', async () => {
    const fakes = createFakes();
    const issue = await run(
      fakes,
      VIEWERS.admin,
      'mutation { issueApiKey(tenantId: "t-x") { key } }',
    );
    const read = await run(fakes, VIEWERS.admin, '{ tenant(id: "t-x") { name } }');
    expect([codes(issue), codes(read)]).toEqual([['NOT_FOUND'], ['NOT_FOUND']]);
    expect(fakes.calls.filter((c) => c.startsWith('issueApiKey'))).toEqual([]);
  });

  it('revokes a key once', async () => {
    const fakes = createFakes();
    const revoke = 'mutation { revokeApiKey(id: "k-acme") }';
    expect((await run(fakes, VIEWERS.admin, revoke)).data).toEqual({ revokeApiKey: true });
    expect((await run(fakes, VIEWERS.admin, revoke)).data).toEqual({ revokeApiKey: false });
  });

  it('keeps Tenant.apiKeys admin-only even if a Tenant is reached another way', () => {
    const tenant = schema.getType('Tenant');
    const apiKeys = isObjectType(tenant) ? tenant.getFields().apiKeys : undefined;
    const options = apiKeys?.extensions.pothosOptions as { authScopes?: unknown } | undefined;
    expect(options?.authScopes).toEqual({ admin: true });
  });
});
