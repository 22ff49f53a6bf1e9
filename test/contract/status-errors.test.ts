import { describe, expect, it } from 'vitest';
import { gapsOf } from '../utils/simulator-control';
import { rejection } from './http-servers';
import { routeLog, startSimulator, useFileSimulator } from './sim-harness';

const file = useFileSimulator({ instances: 20 });
const { leftovers, nextInstance } = file;

describe('4xx answers from the simulator', () => {
  it('400 -> bad_request (invalid webhook list), sent once', async () => {
    const id = nextInstance();
    const hooks = [{ url: 'not a url', events: [], isActive: true }];
    const error = await rejection(file.sim.client().setWebhooks(id, hooks));
    expect(error).toMatchObject({
      kind: 'bad_request',
      httpStatus: 400,
      code: 'invalid_parameter',
    });
    expect(await routeLog(file.sim, id, 'session/webhook')).toHaveLength(1);
  });

  it('401 -> auth for a wrong token, never retried', async () => {
    const id = nextInstance();
    const client = file.sim.client({ accessToken: 'not-the-token' });
    const error = await rejection(client.getSessionInfo(id));
    expect(error).toMatchObject({ kind: 'auth', httpStatus: 401, code: 'invalid_access_token' });
    expect(await routeLog(file.sim, id, 'session/info')).toHaveLength(1);
    expect(client.breakerState(id)).toBe('closed');
  });

  it('403 -> forbidden: subscription_required on webhooks, quota_reached on create', async () => {
    const id = nextInstance();
    await file.sim.fault({ instanceId: id, route: 'session/webhook', errorStatus: 403 });
    expect(await rejection(file.sim.client().getWebhooks(id))).toMatchObject({
      kind: 'forbidden',
      code: 'subscription_required',
    });
    expect(await routeLog(file.sim, id, 'session/webhook')).toHaveLength(1);

    const full = await startSimulator(leftovers, { instances: 25 });
    const error = await rejection(full.client().createSession());
    expect(error).toMatchObject({ kind: 'forbidden', httpStatus: 403, code: 'quota_reached' });
  });

  it('404 -> not_found for an unknown instance, never retried', async () => {
    const error = await rejection(file.sim.client().getQr('ZZZZZZZZZZZZ'));
    expect(error).toMatchObject({ kind: 'not_found', httpStatus: 404, code: 'invalid_instance' });
    expect(await file.sim.requests('ZZZZZZZZZZZZ')).toHaveLength(1);
  });

  it('422 -> status_gate with the current and expected status, not retried', async () => {
    const id = nextInstance();
    const client = file.sim.client();
    const error = await rejection(client.getQr(id));
    expect(error).toMatchObject({
      kind: 'status_gate',
      httpStatus: 422,
      sessionStatus: 'STOPPED',
      expected: ['SCAN_QR_CODE'],
    });
    expect(await rejection(client.requestCode(id, '201145202826'))).toMatchObject({
      kind: 'status_gate',
    });
    expect(await routeLog(file.sim, id, 'auth/qr')).toHaveLength(1);
    expect(client.breakerState(id)).toBe('closed');
  });
});

describe('429 and Retry-After', () => {
  it('a read waits at least Retry-After, then succeeds', async () => {
    const id = nextInstance();
    await file.sim.fault({
      instanceId: id,
      route: 'session/info',
      rateLimit: true,
      retryAfterS: 2,
      times: 1,
    });
    await expect(file.sim.client().getSessionInfo(id)).resolves.toMatchObject({
      status: 'STOPPED',
    });
    const log = await routeLog(file.sim, id, 'session/info');
    expect(log.map((e) => e.status)).toEqual([429, 200]);
    expect(gapsOf(log)[0]).toBeGreaterThanOrEqual(2_000);
  });

  it('an action is not retried and reports retryAfterMs', async () => {
    const id = nextInstance();
    await file.sim.fault({
      instanceId: id,
      route: 'session/stop',
      rateLimit: true,
      retryAfterS: 3,
    });
    const error = await rejection(file.sim.client().stopSession(id));
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, retryAfterMs: 3_000 });
    expect(await routeLog(file.sim, id, 'session/stop')).toHaveLength(1);
  });

  it('the simulator poll floor: a second read within 2 s is retried after the floor', async () => {
    const floor = await startSimulator(leftovers, { pollFloorMs: 2_000 });
    const id = floor.ids[0]!;
    const client = floor.client();
    await client.getSessionInfo(id);
    await expect(client.getSessionInfo(id)).resolves.toMatchObject({ status: 'STOPPED' });
    const log = await floor.requests(id);
    expect(log.map((e) => e.status)).toEqual([200, 429, 200]);
    expect(log[2]!.timestamp - log[0]!.timestamp).toBeGreaterThanOrEqual(2_000);
  });
});
