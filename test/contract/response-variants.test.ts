import { createWawpClient, type WawpClient } from '@wawp-gateway/gateway/wawp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import { rejection, type StubAnswer, startStub } from './http-servers';

// Answers Wawp documents but the simulator never sends (errors in 2xx bodies, other success
// shapes, hostile bodies), served by a tiny local HTTP stub over real sockets.
const leftovers = createLeftovers();
const ID = 'A1B2C3D4E5F6';
const answers = new Map<string, StubAnswer>();
const ok = (body: unknown, status = 200): StubAnswer => ({ status, body: JSON.stringify(body) });
let client: WawpClient;

beforeAll(async () => {
  const stub = await startStub(leftovers, (path) => answers.get(path) ?? ok({ status: 'WORKING' }));
  client = createWawpClient({
    baseUrl: stub.url,
    accessToken: 'stub-token',
    retry: { maxAttempts: 1 },
  });
});
beforeEach(() => answers.clear());
afterAll(() => leftovers.disposeAll());

describe('2xx bodies that carry an error', () => {
  it.each([
    [
      'success:false',
      ok({ success: false, message: 'engine busy' }),
      { kind: 'upstream', httpStatus: 200 },
    ],
    [
      '{code, message}',
      ok({ code: 'invalid_instance', message: 'gone' }),
      { kind: 'not_found', code: 'invalid_instance' },
    ],
    [
      'a WAHA gate body with 201',
      ok(
        { error: 'Session status is not as expected', status: 'FAILED', expected: ['WORKING'] },
        201,
      ),
      { kind: 'status_gate', sessionStatus: 'FAILED', expected: ['WORKING'] },
    ],
  ])('%s is a failure', async (_, answer, expected) => {
    answers.set('/v2/session/start', answer);
    expect(await rejection(client.startSession(ID))).toMatchObject(expected);
  });
});

describe('documented success variants', () => {
  it('W-info example: config.webhooks as an object, no qr', async () => {
    answers.set(
      '/v2/session/info',
      ok({
        name: 'wawp-84729105',
        status: 'WORKING',
        config: { webhooks: {}, proxy: null },
        me: { id: '201012345678@c.us', pushName: 'John Doe' },
      }),
    );
    await expect(client.getSessionInfo(ID)).resolves.toEqual({
      instanceId: ID,
      name: 'wawp-84729105',
      status: 'WORKING',
      rawStatus: 'WORKING',
      me: { id: '201012345678@c.us', pushName: 'John Doe' },
      qr: null,
      webhooks: [],
    });
  });

  it('an action with an empty body falls back to session/info; delete accepts an empty 200', async () => {
    answers.set('/v2/session/restart', { status: 201, body: '' });
    answers.set('/v2/session/info', ok({ status: 'STARTING' }));
    answers.set('/v2/session/delete', { status: 200, body: '' });
    await expect(client.restartSession(ID)).resolves.toMatchObject({ status: 'STARTING' });
    await expect(client.deleteSession(ID)).resolves.toBeUndefined();
  });

  it('WAHA QR {value} and me = null; unknown status; 0/1 is_active', async () => {
    answers.set('/v2/auth/qr', ok({ value: '2@abc' }));
    answers.set('/v2/session/me', ok(null));
    answers.set(
      '/v2/session/webhook',
      ok({ webhooks: [{ url: 'u', events: ['message'], is_active: 0 }] }),
    );
    answers.set('/v2/session/stop', ok({ status: 'HIBERNATING' }));
    await expect(client.getQr(ID)).resolves.toEqual({ value: '2@abc', expiresAt: null });
    await expect(client.getMe(ID)).resolves.toBeNull();
    await expect(client.getWebhooks(ID)).resolves.toMatchObject({
      webhooks: [{ isActive: false }],
    });
    await expect(client.stopSession(ID)).resolves.toMatchObject({
      status: 'UNKNOWN',
      rawStatus: 'HIBERNATING',
    });
  });
});

describe('hostile bodies', () => {
  it('an HTML 200 is bad_response and its text is not quoted', async () => {
    answers.set('/v2/session/info', {
      status: 200,
      body: '<html>proxy login</html>',
      headers: { 'content-type': 'text/html' },
    });
    const error = await rejection(client.getSessionInfo(ID));
    expect(error).toMatchObject({ kind: 'bad_response' });
    expect(error.message).not.toContain('proxy login');
  });

  it('an HTML 502 is upstream', async () => {
    answers.set('/v2/session/info', {
      status: 502,
      body: '<h1>Bad Gateway</h1>',
      headers: { 'content-type': 'text/html' },
    });
    expect(await rejection(client.getSessionInfo(ID))).toMatchObject({
      kind: 'upstream',
      httpStatus: 502,
    });
  });

  it('a body over 1 MiB is cut off', async () => {
    answers.set('/v2/session/info', ok({ status: 'WORKING', junk: 'x'.repeat(2 * 1024 * 1024) }));
    expect(await rejection(client.getSessionInfo(ID))).toMatchObject({
      kind: 'bad_response',
      code: 'body_too_large',
    });
  });
});
