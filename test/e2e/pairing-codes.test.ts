/**
 * `requestPairingCode` over the API: it starts a STOPPED session, normalises phone numbers,
 * refuses bad ones without calling Wawp, and is SESSION_NOT_READY once the phone is linked.
 * Set-up and helpers: `./support.ts`.
 */
import { describe, expect, it } from 'vitest';
import { dataOf } from '../utils/graphql-http';
import { expectError, useApiGateway } from './support';

const api = useApiGateway();
const { waitForStatus, requestPairingCode } = api;

describe('pairing codes', () => {
  it('requestPairingCode starts a STOPPED instance and normalises "+20 114 520 2826"', async () => {
    const id = api.ids[2]!;
    expect((await api.sim.instance(id))?.status).toBe('STOPPED');
    const { requestPairingCode: pairing } = dataOf(
      await requestPairingCode(id, '+20 114 520 2826'),
    );
    expect(pairing.code).toMatch(/^[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}$/);
    const upstream = await api.sim.instance(id);
    expect(upstream?.status).toBe('SCAN_QR_CODE');
    expect(upstream?.pairing).toEqual({ code: pairing.code, phone: '201145202826' });
  });

  it('accepts "0020 114-520-2826" and replaces the code', async () => {
    const id = api.ids[2]!;
    const first = (await api.sim.instance(id))?.pairing?.code;
    const { requestPairingCode: pairing } = dataOf(
      await requestPairingCode(id, '0020 114-520-2826'),
    );
    expect((await api.sim.instance(id))?.pairing).toEqual({
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
    const id = api.ids[2]!;
    await api.sim.clearRequests();
    const error = expectError(await requestPairingCode(id, phone), 'BAD_USER_INPUT', 400);
    expect(error.message).toMatch(/^phoneNumber /);
    expect(error.message).toMatch(why);
    expect(error.field).toBe('phoneNumber');
    expect(await api.sim.requests(id)).toEqual([]);
  });

  it('entering the code links the phone; pairing on WORKING is SESSION_NOT_READY', async () => {
    const id = api.ids[2]!;
    const code = (await api.sim.instance(id))!.pairing!.code;
    expect((await api.sim.enterCode(id, code)).status).toBe(200);
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
