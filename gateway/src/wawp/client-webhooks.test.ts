import { describe, expect, it } from 'vitest';
import { createFakeFetch, type FakeCall, json } from '../testing/fake-fetch';
import { createWawpClient } from './client';
import { isRouteUnsupported, WawpError } from './errors';

const TOKEN = 'tok-secret-123';
const ID = 'A1B2C3D4E5F6';
const URL_ = 'https://gw.test/webhooks/wawp?instance=A1B2C3D4E5F6';

function setup(handler: (call: FakeCall, n: number) => Response | Error) {
  const fake = createFakeFetch(handler);
  const client = createWawpClient({
    baseUrl: 'http://wawp.test',
    accessToken: TOKEN,
    fetch: fake.fetch,
  });
  return { ...fake, client };
}

const failure = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    return error as WawpError;
  }
  throw new Error('expected a failure');
};

describe('per-URL webhook methods', () => {
  it('setWebhook posts webhook/set once and decodes the stored webhook', async () => {
    const { client, calls } = setup(() =>
      json(200, {
        url: URL_,
        events: ['session.status'],
        is_active: 1,
        retries: { delay: 2, attempts: 15 },
        hmac: 'h',
      }),
    );
    const stored = await client.setWebhook(ID, {
      url: URL_,
      events: ['session.status'],
      isActive: true,
      hmac: 'h',
    });
    expect(stored).toEqual({
      url: URL_,
      events: ['session.status'],
      isActive: true,
      retries: { delay: 2, attempts: 15 },
      hasHmac: true,
    });
    expect(calls).toHaveLength(1);
    const [call] = calls as [FakeCall];
    expect(call.method).toBe('POST');
    expect(new URL(call.url).pathname).toBe('/v2/webhook/set');
    expect(call.url).not.toContain(TOKEN);
    expect(call.url).not.toContain('gw.test');
    expect(call.headers['access-token']).toBe(TOKEN);
    expect(call.body).toMatchObject({ access_token: TOKEN, url: URL_, is_active: 1, hmac: 'h' });
  });

  it('updateWebhook sends PATCH webhook/update; deleteWebhook DELETE webhook/delete', async () => {
    const { client, calls } = setup((call) =>
      call.method === 'PATCH'
        ? json(200, { url: URL_, events: ['*'], is_active: false })
        : json(200, { success: true, deleted: true }),
    );
    await expect(client.updateWebhook(ID, { url: URL_, isActive: false })).resolves.toEqual({
      url: URL_,
      events: ['*'],
      isActive: false,
    });
    await expect(client.deleteWebhook(ID, URL_)).resolves.toBeUndefined();
    expect(calls.map((c) => `${c.method} ${new URL(c.url).pathname}`)).toEqual([
      'PATCH /v2/webhook/update',
      'DELETE /v2/webhook/delete',
    ]);
    expect(calls[1]?.body).toMatchObject({ url: URL_, instance_id: ID });
  });

  it('re-reads the list when the answer does not carry the webhook', async () => {
    const { client, calls } = setup((call) =>
      call.method === 'GET'
        ? json(200, { webhooks: [{ url: URL_, events: ['session.status'], is_active: 1 }] })
        : json(200, { success: true }),
    );
    await expect(client.setWebhook(ID, { url: URL_, events: ['session.status'] })).resolves.toEqual(
      { url: URL_, events: ['session.status'], isActive: true },
    );
    expect(calls.map((c) => c.method)).toEqual(['POST', 'GET']);
  });

  it('fails with bad_response when neither the answer nor the list holds it', async () => {
    const { client } = setup((call) =>
      call.method === 'GET' ? json(200, { webhooks: [] }) : json(200, { ok: true }),
    );
    const error = await failure(client.setWebhook(ID, { url: URL_, events: ['*'] }));
    expect(error).toMatchObject({ kind: 'bad_response', code: 'unexpected_shape' });
  });

  it.each([
    [404, { status: 404, code: 'not_found', message: 'No route for /v2/webhook/set' }, 'not_found'],
    [404, '<html>Not Found</html>', 'not_found'],
    [405, { status: 405, code: 'method_not_allowed', message: 'no' }, 'bad_request'],
  ])(
    'a %i from webhook/set is a WawpError the caller can fall back on',
    async (status, body, kind) => {
      const { client, calls } = setup(() =>
        typeof body === 'string'
          ? new Response(body, { status, headers: { 'content-type': 'text/html' } })
          : json(status, body),
      );
      const error = await failure(client.setWebhook(ID, { url: URL_, events: ['*'] }));
      expect(error).toBeInstanceOf(WawpError);
      expect(error).toMatchObject({ kind, httpStatus: status, route: 'webhook/set' });
      expect(isRouteUnsupported(error)).toBe(true);
      expect(calls).toHaveLength(1);
    },
  );

  it('a 404 for the instance, a 403 plan gate or a 5xx is not "route unsupported", and never retried', async () => {
    for (const [status, code] of [
      [404, 'invalid_instance'],
      [403, 'subscription_required'],
      [503, 'wawp_upstream_error'],
    ] as const) {
      const { client, calls } = setup(() => json(status, { status, code, message: 'x' }));
      const error = await failure(client.setWebhook(ID, { url: URL_, events: ['*'] }));
      expect(error).toMatchObject({ httpStatus: status, code });
      expect(isRouteUnsupported(error)).toBe(false);
      expect(calls).toHaveLength(1);
    }
    expect(isRouteUnsupported(new Error('x'))).toBe(false);
  });

  it('an unknown URL on update is not_found', async () => {
    const { client } = setup(() => json(404, { status: 404, code: 'not_found', message: 'gone' }));
    const error = await failure(client.updateWebhook(ID, { url: URL_, events: ['*'] }));
    expect(error).toMatchObject({ kind: 'not_found', httpStatus: 404, route: 'webhook/update' });
  });

  it('rejects bad arguments without sending', async () => {
    const { client, calls } = setup(() => json(200, {}));
    const error = await failure(client.setWebhook(ID, { url: URL_, events: [] }));
    expect(error).toMatchObject({ kind: 'bad_request', code: 'invalid_parameter' });
    expect(calls).toHaveLength(0);
  });
});
