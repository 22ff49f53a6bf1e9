/**
 * The instance directory over the API: `instances`, `instance`, `sessionInfo` and `viewer`
 * (unknown ids are NOT_FOUND), then `createInstance`, `registerInstance` and `deleteInstance`
 * against the embedded simulator's Wawp surface. Set-up and helpers: `./support.ts`.
 */
import { describe, expect, it } from 'vitest';
import { dataOf } from '../utils/graphql-http';
import { createUpstreamInstance } from '../utils/simulator-control';
import { expectError, SESSION, type Session, useApiGateway } from './support';

const api = useApiGateway();
const { admin, sessionInfo, createInstance } = api;

describe('queries on instances', () => {
  it('instances lists every simulator instance, registered at start, unlabelled and unassigned', async () => {
    const { instances } = dataOf(
      await admin<{
        instances: { instanceId: string; label: string | null; tenantId: string | null }[];
      }>('{ instances { instanceId label tenantId createdAt } }'),
    );
    expect(instances.map((i) => i.instanceId).sort()).toEqual([...api.ids].sort());
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
      { id: api.ids[0] },
    );
    const data = dataOf(result);
    expect(data.viewer).toEqual({ role: 'ADMIN', tenantId: null });
    expect(data.sessionInfo).toMatchObject({
      instanceId: api.ids[0],
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
    expect((await api.sim.instance(instance.instanceId))?.status).toBe('STOPPED');
  });

  it('createInstance with a bad label or unknown tenant creates nothing upstream', async () => {
    const before = (await api.sim.instances()).length;
    expectError(
      await admin(`mutation { createInstance(label: "${'l'.repeat(81)}") { instanceId } }`),
      'BAD_USER_INPUT',
    );
    expectError(
      await admin('mutation { createInstance(tenantId: "no-such-tenant") { instanceId } }'),
      'NOT_FOUND',
    );
    expect((await api.sim.instances()).length).toBe(before);
  });

  it('registerInstance registers an id Wawp knows; an unknown upstream id is NOT_FOUND', async () => {
    const upstreamId = await createUpstreamInstance(
      api.h.simUrl,
      api.h.gateway.simulator!.accessToken,
    );
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

  it('deleteInstance removes the gateway’s webhook, logs out, deletes at Wawp, forgets it; then NOT_FOUND', async () => {
    const { instanceId } = await createInstance('Doomed');
    await api.sim.clearRequests();
    const deleted = await admin<{ deleteInstance: boolean }>(
      'mutation($id: ID!) { deleteInstance(instanceId: $id) }',
      { id: instanceId },
    );
    expect(dataOf(deleted).deleteInstance).toBe(true);
    expect((await api.sim.requests(instanceId)).map((r) => r.path)).toEqual([
      '/v2/session/webhook',
      '/v2/webhook/delete',
      '/v2/session/logout',
      '/v2/session/delete',
    ]);
    expect(await api.sim.instance(instanceId)).toBeUndefined();
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
