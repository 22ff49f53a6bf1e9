import { describe, expect, it } from 'vitest';
import { createFakeFetch, type FakeCall, json } from '../testing/fake-fetch';
import { createWawpClient } from './client';

const TOKEN = 'tok-secret-123';
const ID = 'A1B2C3D4E5F6';
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64');
const session = { instance_id: ID, name: 'wawp-1', status: 'STARTING', config: { webhooks: [] } };

// One plausible upstream answer per route.
function route(call: FakeCall) {
  const path = new URL(call.url).pathname;
  const answers: Record<string, unknown> = {
    '/v2/session/create': {
      instance_id: ID,
      session_name: 'wawp-1',
      server_name: 's1',
      status: 'STOPPED',
    },
    '/v2/session/info': { ...session, status: 'SCAN_QR_CODE', qr: 'data:image/png;base64,QQ' },
    '/v2/session/me': { id: '1@c.us', pushName: 'Jo' },
    '/v2/auth/qr': { mimetype: 'application/json', data: b64({ value: '2@x', expiry: 1e12 + 1 }) },
    '/v2/auth/qr-image': { qr: 'data:image/png;base64,AAA' },
    '/v2/auth/request-code': { code: 'ABCD-EFGH' },
    '/v2/auth/screenshot': { mimetype: 'image/png', data: 'BBB' },
    '/v2/session/webhook': {
      webhooks: [{ url: 'u', events: ['message'], is_active: 1 }],
      systemConfig: {},
    },
    '/v2/session/delete': { instance_id: ID, deleted: true },
  };
  return json(200, answers[path] ?? session);
}

function setup(handler: (call: FakeCall, n: number) => Response | Error = route) {
  const fake = createFakeFetch(handler);
  const client = createWawpClient({
    baseUrl: 'http://wawp.test',
    accessToken: TOKEN,
    fetch: fake.fetch,
  });
  return { ...fake, client };
}

describe('createWawpClient routes', () => {
  it('calls every route with the token in header/body only and decodes each answer', async () => {
    const { client, calls } = setup();
    await expect(client.createSession()).resolves.toMatchObject({
      instanceId: ID,
      status: 'STOPPED',
    });
    await expect(client.startSession(ID)).resolves.toMatchObject({ status: 'STARTING' });
    await client.stopSession(ID);
    await client.restartSession(ID);
    await client.logoutSession(ID);
    await expect(client.getSessionInfo(ID)).resolves.toMatchObject({
      status: 'SCAN_QR_CODE',
      qr: 'data:image/png;base64,QQ',
    });
    await expect(client.getMe(ID)).resolves.toEqual({ id: '1@c.us', pushName: 'Jo' });
    await expect(client.getQr(ID)).resolves.toMatchObject({ value: '2@x' });
    await expect(client.getQrImage(ID)).resolves.toEqual({ dataUrl: 'data:image/png;base64,AAA' });
    await expect(client.requestCode(ID, '201145202826')).resolves.toEqual({ code: 'ABCD-EFGH' });
    await expect(client.getScreenshot(ID)).resolves.toEqual({
      mimeType: 'image/png',
      dataBase64: 'BBB',
    });
    await expect(client.getWebhooks(ID)).resolves.toMatchObject({
      webhooks: [{ url: 'u', isActive: true }],
    });
    await expect(
      client.setWebhooks(ID, [{ url: 'u', events: ['message'], isActive: true }]),
    ).resolves.toMatchObject({ webhooks: [{ url: 'u' }] });
    await expect(client.deleteSession(ID)).resolves.toBeUndefined();

    expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'POST /v2/session/create',
      'POST /v2/session/start',
      'POST /v2/session/stop',
      'POST /v2/session/restart',
      'POST /v2/session/logout',
      'POST /v2/session/info',
      'GET /v2/session/me',
      'POST /v2/auth/qr',
      'POST /v2/auth/qr-image',
      'POST /v2/auth/request-code',
      'POST /v2/auth/screenshot',
      'GET /v2/session/webhook',
      'POST /v2/session/webhook',
      'DELETE /v2/session/delete',
    ]);
    for (const call of calls) {
      expect(call.url).not.toContain(TOKEN);
      expect(call.url).not.toContain('access_token');
      expect(call.headers['access-token']).toBe(TOKEN);
      expect(
        call.body === null || (call.body as { access_token?: string }).access_token === TOKEN,
      ).toBe(true);
    }
  });

  it('re-reads session/info when an action answers with an empty or non-session body', async () => {
    const { client, calls } = setup((call) =>
      call.url.includes('/session/info')
        ? json(200, { status: 'STARTING' })
        : new Response('', { status: 201 }),
    );
    await expect(client.startSession(ID)).resolves.toMatchObject({
      instanceId: ID,
      status: 'STARTING',
    });
    expect(calls.map((c) => new URL(c.url).pathname)).toEqual([
      '/v2/session/start',
      '/v2/session/info',
    ]);
  });

  it('accepts an empty 200 on delete', async () => {
    const { client } = setup(() => new Response(null, { status: 200 }));
    await expect(client.deleteSession(ID)).resolves.toBeUndefined();
  });

  it('re-reads the webhooks when the POST does not echo them', async () => {
    const { client, calls } = setup((call) =>
      call.method === 'GET'
        ? json(200, { webhooks: [{ url: 'v', events: [] }] })
        : json(200, { ok: true }),
    );
    await expect(client.setWebhooks(ID, [])).resolves.toEqual({
      webhooks: [{ url: 'v', events: [], isActive: true }],
    });
    expect(calls).toHaveLength(2);
  });

  it('maps a wrong shape to bad_response', async () => {
    const { client } = setup(() => json(200, { hello: 'world' }));
    await expect(client.getSessionInfo(ID)).rejects.toMatchObject({
      kind: 'bad_response',
      code: 'unexpected_shape',
    });
    await expect(client.getQr(ID)).rejects.toMatchObject({ kind: 'bad_response' });
    await expect(client.createSession()).rejects.toMatchObject({ kind: 'bad_response' });
  });

  it('decodes an unknown status to UNKNOWN instead of failing', async () => {
    const { client } = setup(() => json(200, { status: 'NEW_THING' }));
    await expect(client.getSessionInfo(ID)).resolves.toMatchObject({
      status: 'UNKNOWN',
      rawStatus: 'NEW_THING',
    });
  });
});
