import { describe, expect, it } from 'vitest';
import { WawpError } from './errors';
import * as make from './requests';

const args = { instanceId: 'A1B2C3D4E5F6', accessToken: 'tok-secret-123' };

const hook = { url: 'https://gw.test/h?token=hook-secret', events: ['session.status'] };

const builders: Array<[string, () => make.WawpRequest, make.WawpRequest['method'], boolean]> = [
  ['session/start', () => make.makeStartSessionRequest(args), 'POST', false],
  ['session/stop', () => make.makeStopSessionRequest(args), 'POST', false],
  ['session/restart', () => make.makeRestartSessionRequest(args), 'POST', false],
  ['session/logout', () => make.makeLogoutSessionRequest(args), 'POST', false],
  ['session/delete', () => make.makeDeleteSessionRequest(args), 'DELETE', false],
  ['session/info', () => make.makeSessionInfoRequest(args), 'POST', true],
  ['session/me', () => make.makeSessionMeRequest(args), 'GET', true],
  ['auth/qr', () => make.makeQrRequest(args), 'POST', true],
  ['auth/qr-image', () => make.makeQrImageRequest(args), 'POST', true],
  ['auth/screenshot', () => make.makeScreenshotRequest(args), 'POST', true],
  ['session/webhook', () => make.makeGetWebhooksRequest(args), 'GET', true],
  ['session/webhook', () => make.makeSetWebhooksRequest({ ...args, webhooks: [] }), 'POST', false],
  [
    'auth/request-code',
    () => make.makeRequestCodeRequest({ ...args, phoneNumber: '201145202826' }),
    'POST',
    false,
  ],
  ['webhook/set', () => make.makeSetWebhookRequest({ ...args, webhook: hook }), 'POST', false],
  [
    'webhook/update',
    () => make.makeUpdateWebhookRequest({ ...args, changes: { ...hook } }),
    'PATCH',
    false,
  ],
  [
    'webhook/delete',
    () => make.makeDeleteWebhookRequest({ ...args, url: hook.url }),
    'DELETE',
    false,
  ],
];

describe('request builders', () => {
  it.each(builders)(
    '%s: method, path, idempotency and credential placement',
    (route, build, method, idem) => {
      const req = build();
      expect(req).toMatchObject({ route, method, path: `/v2/${route}`, idempotent: idem });
      expect(req.query.instance_id).toBe(args.instanceId);
      expect(JSON.stringify(req.query)).not.toContain(args.accessToken);
      if (method === 'GET') {
        expect(req.body).toBeNull();
      } else {
        expect(req.body).toMatchObject({
          instance_id: args.instanceId,
          access_token: args.accessToken,
        });
      }
    },
  );

  it('create sends only the token, in the body', () => {
    const req = make.makeCreateSessionRequest({ accessToken: 'tok-secret-123' });
    expect(req).toMatchObject({
      method: 'POST',
      path: '/v2/session/create',
      query: {},
      instanceId: null,
    });
    expect(req.body).toEqual({ access_token: 'tok-secret-123' });
  });

  it('qr asks for the raw format in query and body', () => {
    const req = make.makeQrRequest(args);
    expect(req.query.format).toBe('raw');
    expect(req.body?.format).toBe('raw');
  });

  it('webhooks are sent as {url, events, is_active}', () => {
    const req = make.makeSetWebhooksRequest({
      ...args,
      webhooks: [{ url: 'https://x.test/h', events: ['session.status'], isActive: false }],
    });
    expect(req.body?.webhooks).toEqual([
      { url: 'https://x.test/h', events: ['session.status'], is_active: false },
    ]);
  });

  it('request-code puts the phone number in the body only', () => {
    const req = make.makeRequestCodeRequest({ ...args, phoneNumber: '201145202826' });
    expect(req.body?.phone_number).toBe('201145202826');
    expect(req.query).not.toHaveProperty('phone_number');
  });

  it.each(['+201145202826', '00201145202826', '2011-452', '12345', 'abc', ''])(
    'request-code rejects %j before sending',
    (phoneNumber) => {
      expect(() => make.makeRequestCodeRequest({ ...args, phoneNumber })).toThrow(WawpError);
      try {
        make.makeRequestCodeRequest({ ...args, phoneNumber });
      } catch (error) {
        expect(error).toMatchObject({ kind: 'bad_request', code: 'invalid_phone_number' });
      }
    },
  );
});

describe('per-URL webhook builders', () => {
  it('set sends url, events, is_active as 1/0, retries and hmac in the body only', () => {
    const req = make.makeSetWebhookRequest({
      ...args,
      webhook: { ...hook, isActive: false, retries: { delay: 3, attempts: 4 }, hmac: 'h-1' },
    });
    expect(req.body).toEqual({
      instance_id: args.instanceId,
      access_token: args.accessToken,
      url: hook.url,
      events: ['session.status'],
      is_active: 0,
      retries: { delay: 3, attempts: 4 },
      hmac: 'h-1',
    });
    expect(req.query).toEqual({ instance_id: args.instanceId });
  });

  it('set leaves the optional fields to Wawp’s defaults when not given', () => {
    const req = make.makeSetWebhookRequest({ ...args, webhook: hook });
    expect(Object.keys(req.body ?? {}).sort()).toEqual(
      ['access_token', 'events', 'instance_id', 'url'].sort(),
    );
  });

  it('update sends only the changed fields, name and an emptied hmac included', () => {
    const req = make.makeUpdateWebhookRequest({
      ...args,
      changes: { url: hook.url, isActive: true, hmac: '', name: 'gateway' },
    });
    expect(req.body).toMatchObject({ url: hook.url, is_active: 1, hmac: '', name: 'gateway' });
    expect(req.body).not.toHaveProperty('events');
    expect(req.body).not.toHaveProperty('retries');
  });

  it('delete names the url in the JSON body', () => {
    const req = make.makeDeleteWebhookRequest({ ...args, url: hook.url });
    expect(req.body).toMatchObject({ url: hook.url });
    expect(JSON.stringify(req.query)).not.toContain('hook-secret');
  });

  it.each([
    () => make.makeSetWebhookRequest({ ...args, webhook: { ...hook, events: [] } }),
    () => make.makeSetWebhookRequest({ ...args, webhook: { ...hook, url: ' ' } }),
    () =>
      make.makeSetWebhookRequest({
        ...args,
        webhook: { ...hook, retries: { delay: 2, attempts: 0 } },
      }),
    () =>
      make.makeSetWebhookRequest({
        ...args,
        webhook: { ...hook, retries: { delay: Number.NaN, attempts: 2 } },
      }),
    () => make.makeUpdateWebhookRequest({ ...args, changes: { url: hook.url } }),
    () => make.makeUpdateWebhookRequest({ ...args, changes: { url: hook.url, events: [''] } }),
    () => make.makeDeleteWebhookRequest({ ...args, url: '' }),
  ])('rejects a bad argument before sending (%#)', (build) => {
    expect(build).toThrow(WawpError);
    try {
      build();
    } catch (error) {
      expect(error).toMatchObject({ kind: 'bad_request', code: 'invalid_parameter' });
      expect(String((error as Error).message)).not.toContain('hook-secret');
    }
  });
});
