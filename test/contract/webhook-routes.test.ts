import { createWawpClient, isRouteUnsupported, type WawpClient } from '@wawp-gateway/gateway/wawp';
import { afterAll, describe, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import { gapsOf } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';
import { rejection, startReceiver, startStub } from './http-servers';
import { startSimulator } from './sim-harness';

const leftovers = createLeftovers();
afterAll(() => leftovers.disposeAll());

const HOOK = 'https://gw.example/webhooks/wawp?instance=A';
const OTHER = 'https://owner.example/hook';

// A fresh simulator per test: no webhook or status left over from another test.
async function setup(options: Parameters<typeof startSimulator>[1] = {}) {
  const sim = await startSimulator(leftovers, { instances: 1, bootMs: 600_000, ...options });
  const [id] = sim.ids as [string];
  return { sim, id, client: sim.client({ retry: { maxAttempts: 1 } }) };
}

const listed = async (client: WawpClient, id: string) => (await client.getWebhooks(id)).webhooks;

describe('per-URL webhook routes: the client against the simulator', () => {
  it('set creates one URL beside the others and answers it as stored', async () => {
    const { client, id } = await setup();
    await client.setWebhooks(id, [{ url: OTHER, events: ['message'], isActive: true }]);
    const stored = await client.setWebhook(id, {
      url: HOOK,
      events: ['session.status'],
      hmac: 'hook-secret',
    });
    expect(stored).toEqual({
      url: HOOK,
      events: ['session.status'],
      isActive: true,
      retries: { delay: 2, attempts: 15 },
      hasHmac: true,
    });
    expect(await listed(client, id)).toEqual([
      { url: OTHER, events: ['message'], isActive: true },
      { url: HOOK, events: ['session.status'], isActive: true },
    ]);
  });

  it('set on a URL already there updates it in place', async () => {
    const { client, id } = await setup();
    await client.setWebhook(id, { url: HOOK, events: ['*'] });
    await client.setWebhook(id, { url: OTHER, events: ['message'] });
    const again = await client.setWebhook(id, {
      url: HOOK,
      events: ['session.status'],
      isActive: false,
      retries: { delay: 1, attempts: 3 },
    });
    expect(again).toMatchObject({ isActive: false, retries: { delay: 1, attempts: 3 } });
    expect(await listed(client, id)).toEqual([
      { url: HOOK, events: ['session.status'], isActive: false },
      { url: OTHER, events: ['message'], isActive: true },
    ]);
  });

  it('update changes only the given fields', async () => {
    const { client, id } = await setup();
    await client.setWebhook(id, { url: HOOK, events: ['session.status'], hmac: 'h' });
    const updated = await client.updateWebhook(id, { url: HOOK, isActive: false, name: 'gw' });
    expect(updated).toEqual({
      url: HOOK,
      events: ['session.status'],
      isActive: false,
      retries: { delay: 2, attempts: 15 },
      hasHmac: true,
      name: 'gw',
    });
    expect(await listed(client, id)).toEqual([
      { url: HOOK, events: ['session.status'], isActive: false },
    ]);
  });

  it('update of a URL that is not configured is not_found (404)', async () => {
    const { client, id } = await setup();
    await client.setWebhook(id, { url: OTHER, events: ['*'] });
    const error = await rejection(client.updateWebhook(id, { url: HOOK, events: ['*'] }));
    expect(error).toMatchObject({
      name: 'WawpError',
      kind: 'not_found',
      httpStatus: 404,
      code: 'not_found',
      route: 'webhook/update',
    });
    expect(await listed(client, id)).toHaveLength(1);
  });

  it('delete removes one URL and leaves the others', async () => {
    const { client, id } = await setup();
    await client.setWebhook(id, { url: HOOK, events: ['*'] });
    await client.setWebhook(id, { url: OTHER, events: ['*'] });
    await expect(client.deleteWebhook(id, HOOK)).resolves.toBeUndefined();
    expect((await listed(client, id)).map((hook) => hook.url)).toEqual([OTHER]);
    await expect(client.deleteWebhook(id, HOOK)).resolves.toBeUndefined();
  });

  it('a free plan gets 403 subscription_required on every webhook route', async () => {
    const { client, id } = await setup({ plan: 'free' });
    for (const call of [
      () => client.setWebhook(id, { url: HOOK, events: ['*'] }),
      () => client.updateWebhook(id, { url: HOOK, isActive: false }),
      () => client.deleteWebhook(id, HOOK),
      () => client.getWebhooks(id),
      () => client.setWebhooks(id, []),
    ]) {
      expect(await rejection(call())).toMatchObject({
        kind: 'forbidden',
        httpStatus: 403,
        code: 'subscription_required',
      });
    }
    await expect(client.getSessionInfo(id)).resolves.toMatchObject({ status: 'STOPPED' });
  });

  it('a 404 or 405 from webhook/set (a Wawp without the route) is recognisable for the fallback', async () => {
    for (const status of [404, 405]) {
      const stub = await startStub(leftovers, (path) =>
        path === '/v2/webhook/set'
          ? { status, body: JSON.stringify({ status, code: 'not_found', message: 'no route' }) }
          : { status: 200, body: JSON.stringify({ webhooks: [] }) },
      );
      const client = createWawpClient({ baseUrl: stub.url, accessToken: 'tok' });
      const error = await rejection(
        client.setWebhook('A1B2C3D4E5F6', { url: HOOK, events: ['*'] }),
      );
      expect(error).toMatchObject({ name: 'WawpError', httpStatus: status, route: 'webhook/set' });
      expect(isRouteUnsupported(error)).toBe(true);
      expect(stub.seen.map((r) => r.method)).toEqual(['POST']);
    }
  });
});

describe('deliveries of a webhook set per URL', () => {
  it('carry X-Wawp-Signature with the hmac; a webhook without one gets no such header', async () => {
    const { sim, client, id } = await setup();
    const signed = await startReceiver(leftovers);
    const plain = await startReceiver(leftovers);
    await client.setWebhook(id, { url: signed.url, events: ['session.status'], hmac: 'sig-123' });
    await client.setWebhook(id, { url: plain.url, events: ['*'] });
    await client.startSession(id);
    await waitFor(() => signed.deliveries.length >= 1 && plain.deliveries.length >= 1, 5_000, 10);
    const [delivery] = signed.deliveries;
    expect(delivery?.headers['x-wawp-signature']).toBe('sig-123');
    expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({
      event: 'session.status',
      instance_id: id,
      payload: { status: 'STARTING' },
    });
    expect(plain.deliveries[0]?.headers['x-wawp-signature']).toBeUndefined();
    expect(plain.deliveries[0]?.headers['x-webhook-hmac']).toBeUndefined();
    expect(delivery?.body).not.toContain(sim.token);
  });

  it('keep WAHA’s X-Webhook-Hmac beside it when the simulator has a key', async () => {
    const { client, id } = await setup({ webhookHmacKey: 'waha-key' });
    const receiver = await startReceiver(leftovers);
    await client.setWebhook(id, { url: receiver.url, events: ['*'], hmac: 'sig-123' });
    await client.startSession(id);
    await waitFor(() => receiver.deliveries.length >= 1, 5_000, 10);
    const { headers } = receiver.deliveries[0]!;
    expect(headers['x-wawp-signature']).toBe('sig-123');
    expect(headers['x-webhook-hmac']).toMatch(/^[0-9a-f]{128}$/);
    expect(headers['x-webhook-hmac-algorithm']).toBe('sha512');
  });

  it('are retried as the webhook says: exactly `attempts` tries, `delay` apart', async () => {
    // time scale 20: a delay of 4 s is 200 ms of wall time (the 2 s default would be 100 ms)
    const { client, id } = await setup({ timeScale: 20 });
    const receiver = await startReceiver(leftovers, () => 500);
    await client.setWebhook(id, {
      url: receiver.url,
      events: ['session.status'],
      retries: { delay: 4, attempts: 3 },
    });
    await client.startSession(id);
    await waitFor(() => receiver.deliveries.length >= 3, 5_000, 10);
    await new Promise((resolve) => setTimeout(resolve, 600)); // 3 more delays: no 4th try
    expect(receiver.deliveries).toHaveLength(3);
    const bodies = receiver.deliveries.map((d) => JSON.parse(d.body) as { id: string });
    expect(new Set(bodies.map((b) => b.id)).size).toBe(1);
    for (const gap of gapsOf(receiver.deliveries.map((d) => d.at))) {
      expect(gap).toBeGreaterThanOrEqual(180);
      expect(gap).toBeLessThan(320);
    }
  });
});

describe('control surface', () => {
  it('lists every status an instance went through, in order, with unix-ms times', async () => {
    const { sim, client, id } = await setup({ bootMs: 3_000, timeScale: 20 });
    const startedAt = Date.now();
    await client.startSession(id);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
    await client.stopSession(id);
    const history = await sim.history(id);
    expect(history.map((entry) => entry.status)).toEqual([
      'STOPPED',
      'STARTING',
      'SCAN_QR_CODE',
      'STOPPED',
    ]);
    const times = history.map((entry) => entry.at);
    expect(times[0]).toBeLessThanOrEqual(startedAt);
    expect(times[1]).toBeGreaterThanOrEqual(startedAt);
    expect(gapsOf(times).every((gap) => gap >= 0)).toBe(true);
    expect(times.at(-1)).toBeLessThanOrEqual(Date.now());
  });

  it('answers a write that is not application/json with 415 and changes nothing', async () => {
    const { sim, id } = await setup();
    for (const [type, body] of [
      ['text/plain', JSON.stringify({ errorStatus: 500 })],
      ['application/x-www-form-urlencoded', 'errorStatus=500'],
    ]) {
      const res = await fetch(`${sim.url}/_sim/faults`, {
        method: 'POST',
        headers: { 'content-type': type as string },
        body,
      });
      expect(res.status).toBe(415);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await res.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    }
    const scan = await fetch(`${sim.url}/_sim/instances/${id}/scan`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(scan.status).toBe(415);
    expect(await sim.requests()).toEqual([]);
    await expect(sim.fault({ errorStatus: 500, times: 1 })).resolves.toMatchObject({
      faults: [expect.objectContaining({ errorStatus: 500 })],
    });
  });

  it('never shows the gateway’s webhook credential', async () => {
    const { sim, client, id } = await setup();
    const url = 'https://gw.example/webhooks/wawp?token=tok-Q7x&instance=A';
    await client.setWebhook(id, { url, events: ['*'], hmac: 'hmac-Q7x' });
    await client.setWebhooks(id, [
      ...(await listed(client, id)),
      { url: 'https://gw.example/b?token=tok2-Q7x', events: ['*'], isActive: true },
    ]);
    const views = [
      await (await fetch(`${sim.url}/_sim/instances`)).text(),
      await (await fetch(`${sim.url}/_sim/requests`)).text(),
      await (await fetch(`${sim.url}/_sim/instances/${id}/history`)).text(),
    ];
    for (const view of views) {
      expect(view).not.toContain('Q7x');
    }
    expect(views[0]).toContain('token=[redacted]');
  });
});
