import { createWawpClient } from '@wawp-gateway/gateway/wawp';
import { afterAll, describe, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import { decodeQrPng } from '../utils/qr-decode';
import { rejection, startRecordingProxy } from './http-servers';
import { startSimulator } from './sim-harness';

const leftovers = createLeftovers();
afterAll(() => leftovers.disposeAll());

describe('Wawp client against the simulator: every route', () => {
  it('drives the whole surface over real HTTP with the token in header and body only', async () => {
    const sim = await startSimulator(leftovers, { timeScale: 10 });
    const proxy = await startRecordingProxy(leftovers, sim.url);
    const client = createWawpClient({ baseUrl: proxy.url, accessToken: sim.token });

    const created = await client.createSession();
    expect(created).toMatchObject({ status: 'STOPPED' });
    expect(created.instanceId).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(created.sessionName).toBeTruthy();
    const id = created.instanceId;
    await expect(client.getSessionInfo(id)).resolves.toMatchObject({
      instanceId: id,
      status: 'STOPPED',
      qr: null,
    });

    expect((await client.startSession(id)).status).toMatch(/^(STARTING|SCAN_QR_CODE)$/);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
    const info = await client.getSessionInfo(id);
    expect(info).toMatchObject({ status: 'SCAN_QR_CODE', me: null });
    expect(info.qr).toMatch(/^data:image\/png;base64,/);

    const qr = await client.getQr(id);
    expect(qr.value).toMatch(/^2@/);
    expect(qr.expiresAt?.getTime()).toBeGreaterThan(Date.now());
    const image = await client.getQrImage(id);
    expect(decodeQrPng(image.dataUrl)).toBe(qr.value);

    const { code } = await client.requestCode(id, '201145202826');
    expect(code).toMatch(/^[1-9A-HJ-NP-TV-Z]{4}-[1-9A-HJ-NP-TV-Z]{4}$/);
    const shot = await client.getScreenshot(id);
    expect(shot.mimeType).toBe('image/png');
    expect(Buffer.from(shot.dataBase64, 'base64').subarray(1, 4).toString()).toBe('PNG');
    await expect(client.getMe(id)).resolves.toBeNull();

    const hook = { url: 'http://127.0.0.1:9/hook', events: ['session.status'], isActive: false };
    await expect(client.setWebhooks(id, [hook])).resolves.toEqual({ webhooks: [hook] });
    const listed = await client.getWebhooks(id);
    expect(listed.webhooks).toEqual([hook]);
    expect(listed.systemConfig).toBeTruthy();
    const perUrl = { url: 'http://127.0.0.1:9/per-url?token=hook-secret', events: ['*'] };
    await expect(client.setWebhook(id, { ...perUrl, hmac: 'h' })).resolves.toMatchObject({
      ...perUrl,
      isActive: true,
      hasHmac: true,
    });
    await expect(
      client.updateWebhook(id, { url: perUrl.url, isActive: false }),
    ).resolves.toMatchObject({ isActive: false });
    await expect(client.deleteWebhook(id, perUrl.url)).resolves.toBeUndefined();

    await sim.phone(id, 'enter-code', { code });
    await sim.waitForStatus(id, 'WORKING');
    const me = await client.getMe(id);
    expect(me?.id).toMatch(/@c\.us$/);
    await expect(client.getSessionInfo(id)).resolves.toMatchObject({
      status: 'WORKING',
      me,
      webhooks: [hook],
    });

    await expect(client.stopSession(id)).resolves.toMatchObject({ status: 'STOPPED' });
    expect((await client.restartSession(id)).status).toMatch(/^(STOPPED|STARTING|WORKING)$/);
    await sim.waitForStatus(id, 'WORKING');
    expect((await client.logoutSession(id)).status).toMatch(/^(STOPPED|STARTING|SCAN_QR_CODE)$/);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');

    await expect(client.deleteSession(id)).resolves.toBeUndefined();
    expect(await rejection(client.getSessionInfo(id))).toMatchObject({
      kind: 'not_found',
      httpStatus: 404,
    });

    const routes = proxy.seen.map((r) => `${r.method} ${new URL(r.url, 'http://x').pathname}`);
    expect(new Set(routes)).toEqual(
      new Set([
        'POST /v2/session/create',
        'POST /v2/session/start',
        'POST /v2/session/stop',
        'POST /v2/session/restart',
        'POST /v2/session/logout',
        'DELETE /v2/session/delete',
        'POST /v2/session/info',
        'GET /v2/session/me',
        'POST /v2/auth/qr',
        'POST /v2/auth/qr-image',
        'POST /v2/auth/request-code',
        'POST /v2/auth/screenshot',
        'GET /v2/session/webhook',
        'POST /v2/session/webhook',
        'POST /v2/webhook/set',
        'PATCH /v2/webhook/update',
        'DELETE /v2/webhook/delete',
      ]),
    );
    for (const request of proxy.seen) {
      expect(request.url).not.toContain(sim.token);
      expect(request.url).not.toMatch(/access[_-]?token/i);
      expect(request.url).not.toContain('hook-secret');
      expect(request.headers['access-token']).toBe(sim.token);
      expect(request.headers.authorization).toBeUndefined();
      if (request.method === 'GET') {
        expect(request.body).toBe('');
      } else {
        expect(JSON.parse(request.body)).toMatchObject({ access_token: sim.token });
      }
    }
  });
});
