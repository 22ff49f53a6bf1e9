import { describe, expect, it } from 'vitest';
import { createFakes } from '../testing/fake-ports';
import { codes, run, VIEWERS } from '../testing/run';

describe('session reads', () => {
  it('answers me only while WORKING and qrCode only while SCAN_QR_CODE', async () => {
    const fakes = createFakes();
    const read = (id: string) =>
      run(
        fakes,
        VIEWERS.admin,
        `{ me(instanceId: "${id}") { id pushName } qrCode(instanceId: "${id}") { value expiresAt } }`,
      );
    expect((await read('inst-acme')).data).toEqual({
      me: { id: '201145202826@c.us', pushName: 'Acme' },
      qrCode: null,
    });
    expect((await read('inst-globex')).data).toEqual({
      me: null,
      qrCode: { value: 'qr-inst-globex', expiresAt: '2026-11-24T10:00:00.000Z' },
    });
  });

  it('reports the session with stale and observedAt', async () => {
    const result = await run(
      createFakes(),
      VIEWERS.owner,
      '{ sessionInfo(instanceId: "inst-acme") { instanceId status stale observedAt me { id } } }',
    );
    expect(result.data?.sessionInfo).toEqual({
      instanceId: 'inst-acme',
      status: 'WORKING',
      stale: false,
      observedAt: '2026-11-24T10:00:00.000Z',
      me: { id: '201145202826@c.us' },
    });
  });

  it('describes the viewer', async () => {
    const fakes = createFakes();
    const who = async (viewer: (typeof VIEWERS)['admin' | 'owner']) =>
      (await run(fakes, viewer, '{ viewer { role tenantId } }')).data?.viewer;
    expect(await who(VIEWERS.admin)).toEqual({ role: 'ADMIN', tenantId: null });
    expect(await who(VIEWERS.owner)).toEqual({ role: 'TENANT', tenantId: 't-acme' });
  });
});

describe('requestPairingCode', () => {
  const request =
    'mutation($p: String!) { requestPairingCode(instanceId: "inst-acme", phoneNumber: $p) { code } }';

  it('passes the normalised number to the port', async () => {
    const fakes = createFakes();
    const result = await run(fakes, VIEWERS.owner, request, { p: '0020 (114) 520-2826' });
    expect(result.data?.requestPairingCode).toEqual({ code: 'ABCD-EFGH' });
    expect(fakes.calls).toContain('requestPairingCode:inst-acme:201145202826');
  });

  it('refuses what cannot be a phone number, saying why, without calling Wawp', async () => {
    const fakes = createFakes();
    const result = await run(fakes, VIEWERS.owner, request, { p: '01145202826' });
    expect(codes(result)).toEqual(['BAD_USER_INPUT']);
    expect(result.errors?.[0]?.message).toBe(
      'phoneNumber must include the country code, e.g. +20 114 520 2826',
    );
    expect(fakes.calls.filter((c) => c.startsWith('requestPairingCode'))).toEqual([]);
  });
});
