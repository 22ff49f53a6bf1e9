import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type SimHandle, until } from '../testing/simulator-fixtures';
import { signWebhookBody } from './webhook-envelope';

const harness = createHarness();
afterEach(() => harness.dispose());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const configure = (sim: SimHandle, id: string, webhooks: unknown) =>
  sim.call('/v2/session/webhook', id, { method: 'POST', json: { webhooks } });

describe('signing', () => {
  it('matches the published WAHA test vector', () => {
    expect(
      signWebhookBody('{"event":"message","session":"default","engine":"WEBJS"}', 'my-secret-key'),
    ).toBe(
      '208f8a55dde9e05519e898b10b89bf0d0b3b0fdf11fdbf09b6b90476301b98d8097c462b2b17a6ce93b6b47a136cf2e78a33a63f6752c2c1631777076153fa89',
    );
  });
});

describe('delivery', () => {
  it('sends the WAHA envelope with the X-Webhook headers and a verifiable HMAC', async () => {
    const receiver = await harness.receiver();
    const sim = await harness.start({ webhookHmacKey: 'my-secret-key', bootMs: 60_000 });
    const [id] = sim.ids as [string];
    await configure(sim, id, [{ url: receiver.url, events: ['session.status'], is_active: true }]);
    await sim.call('/v2/session/start', id);
    const [delivery] = await receiver.waitFor(1);
    const { headers, raw, body } = delivery!;

    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^WAHA\//);
    expect(headers['x-webhook-request-id']).toMatch(/^[0-9A-Z]{26}$/);
    expect(Math.abs(Number(headers['x-webhook-timestamp']) - Date.now())).toBeLessThan(5_000);
    expect(headers['x-webhook-hmac-algorithm']).toBe('sha512');
    expect(headers['x-webhook-hmac']).toBe(
      createHmac('sha512', 'my-secret-key').update(raw).digest('hex'),
    );
    const view = await sim.view(id);
    expect(body).toEqual({
      id: expect.stringMatching(/^evt_[0-9a-z]{26}$/),
      timestamp: expect.any(Number),
      event: 'session.status',
      session: view.name,
      metadata: { instance_id: id, user_id: expect.any(String) },
      me: null,
      payload: {
        name: view.name,
        status: 'STARTING',
        statuses: [
          { status: 'STOPPED', timestamp: expect.any(Number) },
          { status: 'STARTING', timestamp: expect.any(Number) },
        ],
        data: null,
      },
      engine: 'NOWEB',
      environment: expect.objectContaining({ version: expect.any(String), engine: 'NOWEB' }),
      instance_id: id,
    });
    expect(Math.abs(body.timestamp - Date.now())).toBeLessThan(5_000);
    expect(raw).not.toContain(sim.token);
  });

  it('retries a receiver that answers 500 twice: same event id three times, new request ids', async () => {
    const receiver = await harness.receiver((index) => (index <= 2 ? 500 : 200));
    const sim = await harness.start({ webhookUrl: receiver.url, bootMs: 60_000 });
    const [id] = sim.ids as [string];
    await sim.call('/v2/session/start', id);
    const deliveries = await receiver.waitFor(3);
    await sleep(100); // 5 retry delays at 100x: a 4th try would have come by now
    expect(deliveries).toHaveLength(3);
    expect(new Set(deliveries.map((d) => d.body.id)).size).toBe(1);
    expect(new Set(deliveries.map((d) => d.raw)).size).toBe(1);
    expect(new Set(deliveries.map((d) => d.headers['x-webhook-request-id'])).size).toBe(3);
  });

  it('sends no HMAC headers without a key, and retries after a receiver timeout', async () => {
    let calls = 0;
    const server = createServer((_req, res) => {
      calls += 1;
      // the first try hangs past the scaled 10 s timeout (100 ms); the second is answered
      setTimeout(() => res.writeHead(200).end(), calls === 1 ? 400 : 0);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const ids: string[] = [];
    const signatures: unknown[] = [];
    server.on('request', (req) => {
      signatures.push(req.headers['x-webhook-hmac']);
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => ids.push((JSON.parse(raw) as { id: string }).id));
    });
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const sim = await harness.start({ webhookUrl: url, bootMs: 60_000 });
      await sim.call('/v2/session/start', sim.ids[0]!);
      await until(() => ids.length >= 2);
      expect(ids[0]).toBe(ids[1]);
      expect(signatures.slice(0, 2)).toEqual([undefined, undefined]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("keeps one session's events in order: the next waits for the previous first try", async () => {
    const log: string[] = [];
    const server = createServer((req, res) => {
      let raw = '';
      req.on('data', (chunk) => {
        raw += chunk;
      });
      req.on('end', () => {
        const { status } = (JSON.parse(raw) as { payload: { status: string } }).payload;
        log.push(status);
        // a slow answer to STOPPED: STARTING (fired in the same tick) must wait for it
        setTimeout(
          () => {
            log.push(`answered ${status}`);
            res.writeHead(200).end();
          },
          status === 'STOPPED' ? 80 : 0,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      const sim = await harness.start({ webhookUrl: url, bootMs: 60_000 });
      const [id] = sim.ids as [string];
      await sim.call('/v2/session/start', id);
      await until(() => log.includes('answered STARTING'));
      await sim.call('/v2/session/restart', id);
      await until(() => log.filter((entry) => entry === 'answered STARTING').length === 2);
      expect(log.slice(2)).toEqual([
        'STOPPED',
        'answered STOPPED',
        'STARTING',
        'answered STARTING',
      ]);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('follows each webhook: its retries, and its hmac as X-Wawp-Signature beside the WAHA HMAC', async () => {
    const signed = await harness.receiver(() => 500);
    const plain = await harness.receiver(() => 500);
    const sim = await harness.start({ webhookHmacKey: 'waha-key', bootMs: 600_000 });
    const [id] = sim.ids as [string];
    await sim.call('/v2/webhook/set', id, {
      method: 'POST',
      json: {
        url: signed.url,
        events: ['session.status'],
        hmac: 'wawp-secret',
        retries: { delay: 1, attempts: 2 },
      },
    });
    await configure(sim, id, [
      { url: signed.url, events: ['session.status'] },
      { url: plain.url, events: ['*'] },
    ]);
    await sim.call('/v2/session/start', id);
    await signed.waitFor(2);
    await plain.waitFor(3);
    await sleep(100); // 10 delays of 1 s at 100x
    expect(signed.deliveries).toHaveLength(2);
    for (const { headers, raw } of signed.deliveries) {
      expect(headers['x-wawp-signature']).toBe('wawp-secret');
      expect(headers['x-webhook-hmac']).toBe(signWebhookBody(raw, 'waha-key'));
    }
    expect(plain.deliveries[0]!.headers['x-wawp-signature']).toBeUndefined();
    expect(plain.deliveries.length).toBeGreaterThan(2);
  });

  it('gives up after 15 attempts', async () => {
    const receiver = await harness.receiver(() => 503);
    const sim = await harness.start({
      webhookUrl: receiver.url,
      bootMs: 600_000,
      timeScale: 1_000,
    });
    await sim.call('/v2/session/start', sim.ids[0]!);
    await receiver.waitFor(15);
    await sleep(100); // 50 retry delays at 1000x
    expect(receiver.deliveries).toHaveLength(15);
    expect(new Set(receiver.deliveries.map((d) => d.body.id)).size).toBe(1);
  });

  it('stops retrying when the simulator stops', async () => {
    const receiver = await harness.receiver(() => 500);
    const sim = await harness.start({ webhookUrl: receiver.url, bootMs: 60_000, timeScale: 20 });
    await sim.call('/v2/session/start', sim.ids[0]!);
    await receiver.waitFor(1);
    await sim.sim.stop();
    await sleep(50); // a try already on the wire may still land
    const count = receiver.deliveries.length;
    await sleep(250);
    expect(receiver.deliveries).toHaveLength(count);
  });
});

describe('configuration', () => {
  it('POST overwrites the list, GET reads it, session/info shows it as an array', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    const first = await configure(sim, id, [
      { url: 'https://a.example/hook', events: ['message'], is_active: 1 },
      { url: 'https://b.example/hook', events: ['*'], is_active: 0 },
    ]);
    expect(first.json).toEqual({
      webhooks: [
        { url: 'https://a.example/hook', events: ['message'], is_active: true },
        { url: 'https://b.example/hook', events: ['*'], is_active: false },
      ],
      systemConfig: expect.objectContaining({ url: expect.any(String) }),
    });
    await sim.call('/v2/session/webhook', id, {
      method: 'POST',
      form: { webhooks: JSON.stringify([{ url: 'https://c.example/hook' }]) },
    });
    const read = await sim.call<{ webhooks: unknown[] }>('/v2/session/webhook', id);
    expect(read.json.webhooks).toEqual([
      { url: 'https://c.example/hook', events: ['*'], is_active: true },
    ]);
    const info = await sim.call<{ config: { webhooks: unknown } }>('/v2/session/info', id);
    expect(info.json.config.webhooks).toEqual(read.json.webhooks);
  });

  it('rejects a missing or invalid webhooks list with 400', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    expect((await sim.call('/v2/session/webhook', id, { method: 'POST' })).json).toMatchObject({
      status: 400,
      code: 'missing_parameter',
    });
    for (const bad of [[{ url: 'ftp://x' }], [{ events: [] }], 'not json', { url: 'https://x' }]) {
      const reply = await sim.call('/v2/session/webhook', id, {
        method: 'POST',
        json: { webhooks: bad },
      });
      expect(reply.status, JSON.stringify(bad)).toBe(400);
    }
  });

  it('delivers only to active hooks that subscribe to session.status or *', async () => {
    const [star, status, inactive, other, extra] = await Promise.all(
      Array.from({ length: 5 }, () => harness.receiver()),
    );
    const sim = await harness.start({ webhookUrl: extra!.url, bootMs: 60_000 });
    const [id] = sim.ids as [string];
    await configure(sim, id, [
      { url: star!.url, events: ['*'], is_active: true },
      { url: status!.url, events: ['message', 'session.status'] },
      { url: inactive!.url, events: ['session.status'], is_active: false },
      { url: other!.url, events: ['message'] },
    ]);
    await sim.call('/v2/session/start', id);
    await Promise.all([star!.waitFor(1), status!.waitFor(1), extra!.waitFor(1)]);
    await sleep(50);
    expect(inactive!.deliveries).toHaveLength(0);
    expect(other!.deliveries).toHaveLength(0);
    expect(star!.deliveries[0]!.body.id).toBe(extra!.deliveries[0]!.body.id);
  });

  it('fires SCAN_QR_CODE again on every new QR', async () => {
    const receiver = await harness.receiver();
    const sim = await harness.start({ webhookUrl: receiver.url, timeScale: 400 });
    const [id] = sim.ids as [string];
    await sim.call('/v2/session/start', id);
    await until(async () => ((await sim.view(id)).qr?.index ?? 0) >= 3);
    await until(
      () => receiver.deliveries.filter((d) => d.body.payload.status === 'SCAN_QR_CODE').length >= 3,
    );
  });
});

describe('webhook faults', () => {
  it('drops, delays and reorders events per instance', async () => {
    const receiver = await harness.receiver();
    const sim = await harness.start({ webhookUrl: receiver.url, bootMs: 500 });
    const [dropped, delayed, reordered] = sim.ids as [string, string, string];
    await sim.raw('/_sim/faults', {
      method: 'POST',
      json: [
        { instanceId: dropped, webhookDrop: true },
        { instanceId: delayed, webhookDelayMs: 300 },
        { instanceId: reordered, webhookReorder: true },
      ],
    });
    const startedAt = Date.now();
    for (const id of [dropped, delayed, reordered]) {
      await sim.call('/v2/session/start', id);
    }
    const of = (id: string) => receiver.deliveries.filter((d) => d.body.instance_id === id);
    await until(() => of(reordered).length >= 2 && of(delayed).length >= 1);
    expect(of(reordered).map((d) => d.body.payload.status)).toEqual(['SCAN_QR_CODE', 'STARTING']);
    const firstDelayed = of(delayed)[0]!;
    expect(firstDelayed.body.payload.status).toBe('STARTING');
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290);
    expect(of(dropped)).toHaveLength(0);
    await sleep(50);
    expect(of(dropped)).toHaveLength(0);
  });
});
