import { afterEach, describe, expect, it } from 'vitest';
import { type CallOptions, createHarness } from '../testing/simulator-fixtures';
import { WAWP_ROUTES } from '../wawp';
import { SIMULATED_ROUTES } from './wawp-routes';

const harness = createHarness();
afterEach(() => harness.dispose());

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

describe('routes and methods', () => {
  it('answers every route x method: 405 with Allow outside the documented methods, else reaches auth', async () => {
    const { raw } = await harness.start();
    for (const route of SIMULATED_ROUTES) {
      for (const method of METHODS) {
        const reply = await raw(`/v2/${route.name}`, { method });
        if (route.methods.includes(method)) {
          expect(reply.status, `${method} ${route.name}`).toBe(400);
          expect(reply.json).toMatchObject({ code: 'missing_parameter' });
        } else {
          expect(reply.status, `${method} ${route.name}`).toBe(405);
          expect(reply.json).toMatchObject({ status: 405, code: 'method_not_allowed' });
          expect(reply.headers.get('allow')).toBe(route.methods.join(', '));
        }
      }
    }
  });

  it('serves every route of the client’s table, and no other', () => {
    expect(SIMULATED_ROUTES.map((route) => route.name).sort()).toEqual([...WAWP_ROUTES].sort());
  });

  it('has the documented methods', () => {
    const methods = Object.fromEntries(
      SIMULATED_ROUTES.map((route) => [route.name, route.methods]),
    );
    expect(methods).toEqual({
      'session/create': ['POST'],
      'session/start': ['GET', 'POST'],
      'session/stop': ['GET', 'POST'],
      'session/restart': ['GET', 'POST'],
      'session/logout': ['GET', 'POST'],
      'session/delete': ['DELETE', 'POST'],
      'session/info': ['GET', 'POST'],
      'session/me': ['GET', 'POST'],
      'session/webhook': ['GET', 'POST'],
      'auth/qr': ['GET', 'POST'],
      'auth/qr-image': ['GET', 'POST'],
      'auth/request-code': ['POST'],
      'auth/screenshot': ['GET', 'POST'],
      'webhook/set': ['POST'],
      'webhook/update': ['PATCH'],
      'webhook/delete': ['DELETE'],
    });
  });

  it('answers unknown paths with a JSON 404', async () => {
    const { raw } = await harness.start();
    for (const path of ['/v2/session/nope', '/', '/api/sessions']) {
      const reply = await raw(path);
      expect(reply.status).toBe(404);
      expect(reply.json).toMatchObject({ status: 404, code: 'not_found' });
    }
  });

  it('honours the /v2/status, /v2/logout and /v2/delete aliases', async () => {
    const { call, ids } = await harness.start();
    const [id] = ids as [string];
    expect((await call('/v2/status', id)).json).toMatchObject({
      instance_id: id,
      status: 'STOPPED',
    });
    expect((await call('/v2/logout', id)).json).toMatchObject({ status: 'STOPPED' });
    expect((await call('/v2/delete', id, { method: 'DELETE' })).json).toEqual({
      instance_id: id,
      deleted: true,
    });
  });
});

describe('credentials', () => {
  it('accepts query, JSON body, form body, access-token header and Bearer', async () => {
    const { raw, ids, token } = await harness.start();
    const [id] = ids as [string];
    const placements: CallOptions[] = [
      { method: 'GET', query: { instance_id: id, access_token: token } },
      { method: 'POST', json: { instance_id: id, access_token: token } },
      { method: 'POST', form: { instance_id: id, access_token: token } },
      { method: 'GET', query: { instance_id: id }, headers: { 'access-token': token } },
      { method: 'GET', headers: { authorization: `Bearer ${token}`, 'x-instance-id': id } },
    ];
    for (const placement of placements) {
      const reply = await raw('/v2/session/info', placement);
      expect(reply.status, JSON.stringify(placement)).toBe(200);
      expect(reply.json).toMatchObject({ instance_id: id });
    }
  });

  it('resolves query > body > headers', async () => {
    const { raw, ids, token } = await harness.start();
    const [a, b] = ids as [string, string];
    const queryWins = await raw('/v2/session/info', {
      method: 'POST',
      query: { instance_id: a, access_token: token },
      json: { instance_id: b, access_token: 'wrong' },
      headers: { 'access-token': 'wrong' },
    });
    expect(queryWins.json).toMatchObject({ instance_id: a });
    const bodyWins = await raw('/v2/session/info', {
      method: 'POST',
      json: { instance_id: b, access_token: 'wrong' },
      headers: { 'access-token': token, 'x-instance-id': a },
    });
    expect(bodyWins.status).toBe(401);
    const headerBeatsBearer = await raw('/v2/session/info', {
      query: { instance_id: b },
      headers: { 'access-token': 'wrong', authorization: `Bearer ${token}` },
    });
    expect(headerBeatsBearer.status).toBe(401);
  });

  it('needs only the token for session/create, and gives 403 past the quota', async () => {
    const { raw, token } = await harness.start({ instances: 24 });
    const created = await raw('/v2/session/create', {
      method: 'POST',
      json: { access_token: token },
    });
    expect(created.status).toBe(200);
    expect(created.json).toMatchObject({ status: 'STOPPED', server_name: expect.any(String) });
    expect(created.json.instance_id).toMatch(/^[A-Z0-9]{12}$/);
    expect(created.json.session_name).toMatch(/^wawp-\d{8}$/);
    const refused = await raw('/v2/session/create', {
      method: 'POST',
      query: { access_token: token },
    });
    expect(refused.status).toBe(403);
    expect(refused.json).toMatchObject({ status: 403, code: 'quota_reached', error: 'Forbidden' });
  });
});

describe('error statuses', () => {
  it('400 for a missing token, instance_id or phone_number, a bad format or a broken body', async () => {
    const { raw, call, ids, token } = await harness.start();
    const [id] = ids as [string];
    const noToken = await raw('/v2/session/info', { query: { instance_id: id } });
    expect(noToken.status).toBe(400);
    expect(noToken.json).toEqual({
      status: 400,
      code: 'missing_parameter',
      message: 'access_token is required',
      error: 'Bad Request',
    });
    const noInstance = await raw('/v2/session/info', { query: { access_token: token } });
    expect(noInstance.json).toMatchObject({ status: 400, message: 'instance_id is required' });
    const noPhone = await call('/v2/auth/request-code', id, { method: 'POST' });
    expect(noPhone.json).toMatchObject({ status: 400, message: 'phone_number is required' });
    for (const phone of [
      '+201145202826',
      '00201145202826',
      '1234567',
      '2011452028261234',
      '20 11',
    ]) {
      const bad = await call('/v2/auth/request-code', id, {
        method: 'POST',
        json: { phone_number: phone },
      });
      expect(bad.status, phone).toBe(400);
      expect(bad.json).toMatchObject({ code: 'invalid_parameter' });
    }
    const badFormat = await call('/v2/auth/qr', id, { query: { format: 'svg' } });
    expect(badFormat.json).toMatchObject({ status: 400, code: 'invalid_parameter' });
    const brokenBody = await raw('/v2/session/info', { method: 'POST', json: '{"instance_id":' });
    expect(brokenBody.json).toMatchObject({ status: 400, code: 'invalid_body' });
  });

  it('401 for a wrong token, on every placement', async () => {
    const { raw, ids } = await harness.start();
    const [id] = ids as [string];
    const wrongTokens: CallOptions[] = [
      { query: { instance_id: id, access_token: 'nope' } },
      { query: { instance_id: id }, headers: { authorization: 'Bearer nope' } },
      { method: 'POST', json: { access_token: 'nope' } },
    ];
    for (const options of wrongTokens) {
      const path = options.method === 'POST' ? '/v2/session/create' : '/v2/session/info';
      const reply = await raw(path, options);
      expect(reply.status).toBe(401);
      expect(reply.json).toMatchObject({
        status: 401,
        code: 'invalid_access_token',
        error: 'Unauthorized',
      });
    }
  });

  it('404 for an unknown or deleted instance', async () => {
    const { call, ids } = await harness.start();
    const [id] = ids as [string];
    const unknown = await call('/v2/session/start', 'ZZZZZZZZZZZZ');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({
      status: 404,
      code: 'invalid_instance',
      error: 'Not Found',
    });
    expect((await call('/v2/session/delete', id, { method: 'DELETE' })).status).toBe(200);
    for (const path of ['/v2/session/info', '/v2/session/start', '/v2/auth/qr', '/v2/session/me']) {
      expect((await call(path, id)).status, path).toBe(404);
    }
  });

  it('422 with the WAHA gate body after the scaled 5 s wait', async () => {
    const { call, ids } = await harness.start({ timeScale: 50 });
    const [id] = ids as [string];
    const started = Date.now();
    const reply = await call('/v2/auth/qr', id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90); // 5 s / 50
    expect(reply.status).toBe(422);
    expect(reply.json).toEqual({
      status: 422,
      code: 'session_status_unexpected',
      message: 'Engine is refreshing its state, retry shortly',
      error: 'Session status is not as expected. Try again later or restart the session',
      session: expect.stringMatching(/^wawp-\d{8}$/),
      session_status: 'STOPPED',
      expected: ['SCAN_QR_CODE'],
    });
    for (const [path, method] of [
      ['/v2/auth/qr-image', 'GET'],
      ['/v2/auth/screenshot', 'GET'],
    ] as const) {
      expect((await call(path, id, { method })).status, path).toBe(422);
    }
    const code = await call('/v2/auth/request-code', id, {
      method: 'POST',
      json: { phone_number: '201145202826' },
    });
    expect(code.json).toMatchObject({ status: 422, session_status: 'STOPPED' });
  });

  it('the gate waits for SCAN_QR_CODE instead of failing while STARTING', async () => {
    const { call, ids } = await harness.start({ timeScale: 100, bootMs: 2_000 });
    const [id] = ids as [string];
    await call('/v2/session/start', id);
    const reply = await call('/v2/auth/qr', id);
    expect(reply.status).toBe(200);
  });

  it('429 with Retry-After for a second status/QR read within the poll floor', async () => {
    const { call, ids } = await harness.start({ pollFloorMs: 2_000 });
    const [a, b] = ids as [string, string];
    expect((await call('/v2/session/info', a)).status).toBe(200);
    const limited = await call('/v2/auth/qr-image', a);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.json).toMatchObject({ status: 429, code: 'rate_limited' });
    expect((await call('/v2/session/info', b)).status).toBe(200);
    expect((await call('/v2/session/me', a)).status).toBe(200);
  });

  it('lets reads through again once the poll floor has passed', async () => {
    const { call, ids } = await harness.start({ pollFloorMs: 500 });
    const [id] = ids as [string];
    expect((await call('/v2/session/info', id)).status).toBe(200);
    expect((await call('/v2/session/info', id)).status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, 520));
    expect((await call('/v2/session/info', id)).status).toBe(200);
  });
});
