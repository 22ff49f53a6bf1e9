import { describe, expect, it } from 'vitest';
import { createFakes, type Fakes } from '../testing/fake-ports';
import { codes, run, VIEWERS } from '../testing/run';

const admin = (fakes: Fakes, source: string) => run(fakes, VIEWERS.admin, source);
const writes = (fakes: Fakes) => fakes.calls.filter((c) => !/^(get|list)/.test(c));

describe('createInstance', () => {
  it('creates upstream, then registers with a trimmed label', async () => {
    const fakes = createFakes();
    const result = await admin(
      fakes,
      'mutation { createInstance(label: "  Sales  ", tenantId: "t-acme") { instanceId label tenantId session { status } } }',
    );
    expect(result.data?.createInstance).toEqual({
      instanceId: 'inst-new-4',
      label: 'Sales',
      tenantId: 't-acme',
      session: { status: 'STOPPED' },
    });
    expect(writes(fakes)).toEqual(['createUpstream:inst-new-4', 'upsertInstance:inst-new-4']);
  });

  it.each([
    ['label: "x"', 'tenantId: "t-nope"', 'NOT_FOUND', 'Tenant not found.'],
    [
      `label: "${'x'.repeat(81)}"`,
      '',
      'BAD_USER_INPUT',
      'label must be at most 80 characters (got 81).',
    ],
    [
      'label: "a\\nb"',
      '',
      'BAD_USER_INPUT',
      'label must not contain control characters such as line breaks.',
    ],
  ])('validates before creating anything (%s %s)', async (label, tenant, code, message) => {
    const fakes = createFakes();
    const result = await admin(
      fakes,
      `mutation { createInstance(${label} ${tenant}) { instanceId } }`,
    );
    expect(codes(result)).toEqual([code]);
    expect(result.errors?.[0]?.message).toBe(message);
    expect(writes(fakes)).toEqual([]);
  });

  it('treats a blank label as none', async () => {
    const result = await admin(
      createFakes(),
      'mutation { createInstance(label: "   ") { label } }',
    );
    expect(result.data?.createInstance).toEqual({ label: null });
  });
});

describe('registerInstance', () => {
  it('registers an instance Wawp knows', async () => {
    const fakes = createFakes();
    const result = await admin(
      fakes,
      'mutation { registerInstance(instanceId: " upstream-only ", label: "Old") { instanceId label tenantId } }',
    );
    expect(result.data?.registerInstance).toEqual({
      instanceId: 'upstream-only',
      label: 'Old',
      tenantId: null,
    });
    expect(fakes.calls).toContain('getSession:upstream-only');
  });

  it.each([
    ['unknown-upstream', 'NOT_FOUND'],
    ['   ', 'BAD_USER_INPUT'],
    ['has space', 'BAD_USER_INPUT'],
  ])('refuses %j with %s and registers nothing', async (id, code) => {
    const fakes = createFakes();
    const result = await admin(
      fakes,
      `mutation { registerInstance(instanceId: "${id}") { instanceId } }`,
    );
    expect(codes(result)).toEqual([code]);
    expect(writes(fakes)).toEqual([]);
  });
});

describe('deleteInstance', () => {
  it('deletes upstream first, then forgets the instance', async () => {
    const fakes = createFakes();
    const result = await admin(fakes, 'mutation { deleteInstance(instanceId: "inst-acme") }');
    expect(result).toEqual({ data: { deleteInstance: true } });
    expect(writes(fakes)).toEqual(['deleteUpstream:inst-acme', 'removeInstance:inst-acme']);
    expect(fakes.instances.has('inst-acme')).toBe(false);
  });

  it('keeps the instance registered when Wawp fails, so the admin can retry', async () => {
    const fakes = createFakes();
    fakes.sessions.delete('inst-acme');
    const result = await admin(fakes, 'mutation { deleteInstance(instanceId: "inst-acme") }');
    expect(codes(result)).toEqual(['NOT_FOUND']);
    expect(fakes.instances.has('inst-acme')).toBe(true);
  });

  it('answers NOT_FOUND for an unregistered id', async () => {
    const result = await admin(createFakes(), 'mutation { deleteInstance(instanceId: "nope") }');
    expect(codes(result)).toEqual(['NOT_FOUND']);
  });
});

describe('assignInstance', () => {
  it('moves an instance between tenants and unassigns it', async () => {
    const fakes = createFakes();
    const moved = await admin(
      fakes,
      'mutation { assignInstance(instanceId: "inst-acme", tenantId: "t-globex") { tenantId } }',
    );
    expect(moved.data?.assignInstance).toEqual({ tenantId: 't-globex' });
    const owner = await run(fakes, VIEWERS.owner, '{ instances { instanceId } }');
    expect(owner.data?.instances).toEqual([]);
    const freed = await admin(
      fakes,
      'mutation { assignInstance(instanceId: "inst-acme") { tenantId } }',
    );
    expect(freed.data?.assignInstance).toEqual({ tenantId: null });
  });

  it('refuses an unknown tenant and an unknown instance', async () => {
    const fakes = createFakes();
    const tenant = await admin(
      fakes,
      'mutation { assignInstance(instanceId: "inst-acme", tenantId: "t-x") { tenantId } }',
    );
    const instance = await admin(
      fakes,
      'mutation { assignInstance(instanceId: "nope", tenantId: "t-acme") { tenantId } }',
    );
    expect([tenant.errors?.[0]?.message, instance.errors?.[0]?.message]).toEqual([
      'Tenant not found.',
      'Instance not found.',
    ]);
    expect(writes(fakes)).toEqual([]);
  });
});
