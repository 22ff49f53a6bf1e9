/**
 * A QR login over the API, one session through its whole life: `startSession`, `qrCode` (the
 * PNG decodes to the value), `screenshot`, `me` after the scan, `restartSession`, `logout` and
 * `stopSession`. Set-up and helpers: `./support.ts`.
 */
import { describe, expect, it } from 'vitest';
import { dataOf } from '../utils/graphql-http';
import { decodeQrPng } from '../utils/qr-decode';
import { useApiGateway } from './support';

const api = useApiGateway();
const { admin, action, waitForStatus, qrCode } = api;

describe('the QR login flow', () => {
  it('startSession answers STARTING; qrCode is null until SCAN_QR_CODE', async () => {
    const id = api.ids[1]!;
    expect(dataOf(await qrCode(id)).qrCode).toBeNull();
    const started = await action('startSession', id);
    expect(started).toMatchObject({ instanceId: id, status: 'STARTING', me: null, stale: false });
    expect((await api.sim.instance(id))?.status).toBe('STARTING');
    expect(dataOf(await qrCode(id)).qrCode).toBeNull();
  });

  it('qrCode gives the value, a PNG that decodes to it, and its expiry', async () => {
    const id = api.ids[1]!;
    await waitForStatus(id, 'SCAN_QR_CODE');
    const qr = dataOf(await qrCode(id)).qrCode!;
    const upstream = (await api.sim.instance(id))!.qr!;
    expect(qr.value).toBe(upstream.value);
    expect(qr.imageDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(decodeQrPng(qr.imageDataUrl)).toBe(qr.value);
    expect(Date.parse(qr.expiresAt!)).toBe(upstream.expires_at);
  });

  it('screenshot shows what the engine shows (the QR while SCAN_QR_CODE)', async () => {
    const id = api.ids[1]!;
    const { screenshot } = dataOf(
      await admin<{ screenshot: { mimeType: string; dataUrl: string; takenAt: string } }>(
        'query($id: ID!) { screenshot(instanceId: $id) { mimeType dataUrl takenAt } }',
        { id },
      ),
    );
    expect(screenshot.mimeType).toBe('image/png');
    expect(screenshot.dataUrl).toMatch(/^data:image\/png;base64,/);
    expect(decodeQrPng(screenshot.dataUrl)).toBe((await api.sim.instance(id))!.qr!.value);
    expect(Number.isNaN(Date.parse(screenshot.takenAt))).toBe(false);
  });

  it('me is null until WORKING, then the scanned account', async () => {
    const id = api.ids[1]!;
    expect(
      dataOf(await admin<{ me: null }>('query($id: ID!) { me(instanceId: $id) { id } }', { id }))
        .me,
    ).toBeNull();
    expect(
      (await api.sim.scan(id, { pushName: 'Ada Lovelace', phone: '201145202826' })).status,
    ).toBe(200);
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
    const id = api.ids[1]!;
    const restarted = await action('restartSession', id);
    expect(restarted).toMatchObject({ status: 'STARTING', me: null });
    const working = await waitForStatus(id, 'WORKING');
    expect(working.me).toEqual({ id: '201145202826@c.us', pushName: 'Ada Lovelace' });
  });

  it('logout unlinks the account: the session comes back needing a new QR', async () => {
    const id = api.ids[1]!;
    const loggedOut = await action('logout', id);
    expect(loggedOut).toMatchObject({ status: 'STARTING', me: null });
    await waitForStatus(id, 'SCAN_QR_CODE');
    expect((await api.sim.instance(id))?.me).toBeNull();
  });

  it('stopSession answers STOPPED; screenshot and me are then null', async () => {
    const id = api.ids[1]!;
    expect(await action('stopSession', id)).toMatchObject({ status: 'STOPPED', me: null });
    expect((await api.sim.instance(id))?.status).toBe('STOPPED');
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
