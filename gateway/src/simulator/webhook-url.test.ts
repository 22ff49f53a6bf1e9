import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type SimHandle } from '../testing/simulator-fixtures';
import { redactUrl } from './redact-url';

const harness = createHarness();
afterEach(() => harness.dispose());

const set = (sim: SimHandle, id: string, json: unknown) =>
  sim.call('/v2/webhook/set', id, { method: 'POST', json });
const update = (sim: SimHandle, id: string, json: unknown) =>
  sim.call('/v2/webhook/update', id, { method: 'PATCH', json });

describe('/v2/webhook/set, update, delete', () => {
  it('set answers the stored webhook with the defaults, and updates the same URL in place', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    const created = await set(sim, id, { url: 'https://a.example/h', events: ['session.status'] });
    expect(created.status).toBe(200);
    expect(created.json).toEqual({
      url: 'https://a.example/h',
      events: ['session.status'],
      is_active: true,
      retries: { delay: 2, attempts: 15 },
      hmac: null,
      name: null,
    });
    await set(sim, id, { url: 'https://b.example/h', events: ['*'] });
    const again = await set(sim, id, {
      url: 'https://a.example/h',
      events: ['message'],
      is_active: 0,
      retries: { attempts: 3 },
      hmac: 's3cret',
    });
    expect(again.json).toMatchObject({
      is_active: false,
      retries: { delay: 2, attempts: 3 },
      hmac: 's3cret',
    });
    const listed = await sim.call<{ webhooks: unknown[] }>('/v2/session/webhook', id);
    expect(listed.json.webhooks).toEqual([
      { url: 'https://a.example/h', events: ['message'], is_active: false },
      { url: 'https://b.example/h', events: ['*'], is_active: true },
    ]);
  });

  it('takes form bodies, with arrays and objects as JSON text', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    const reply = await sim.call('/v2/webhook/set', id, {
      method: 'POST',
      form: { url: 'https://a.example/h', events: '["message","session.status"]', is_active: '0' },
    });
    expect(reply.json).toMatchObject({ events: ['message', 'session.status'], is_active: false });
    const json = await sim.call('/v2/webhook/set', id, {
      method: 'POST',
      form: { url: 'https://a.example/h', events: '["*"]', retries: '{"delay":1}' },
    });
    expect(json.json).toMatchObject({ events: ['*'], retries: { delay: 1, attempts: 15 } });
  });

  it.each([
    [{ events: ['*'] }, 'missing_parameter'],
    [{ url: 'https://a.example/h' }, 'missing_parameter'],
    [{ url: 'ftp://a.example/h', events: ['*'] }, 'invalid_parameter'],
    [{ url: 'https://a.example/h', events: [] }, 'invalid_parameter'],
    [{ url: 'https://a.example/h', events: 'session.status' }, 'invalid_parameter'],
    [{ url: 'https://a.example/h', events: ['*'], is_active: 'yes' }, 'invalid_parameter'],
    [{ url: 'https://a.example/h', events: ['*'], retries: { attempts: 0 } }, 'invalid_parameter'],
    [{ url: 'https://a.example/h', events: ['*'], retries: { delay: -1 } }, 'invalid_parameter'],
    [{ url: 'https://a.example/h', events: ['*'], retries: { every: 2 } }, 'invalid_parameter'],
    [{ url: 'https://a.example/h', events: ['*'], hmac: 42 }, 'invalid_parameter'],
  ])('set rejects %j with 400 %s', async (body, code) => {
    const sim = await harness.start();
    const reply = await set(sim, sim.ids[0]!, body);
    expect(reply.status).toBe(400);
    expect(reply.json).toMatchObject({ status: 400, code });
  });

  it('update changes only the given fields, clears hmac with "", and 404s an unknown URL', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await set(sim, id, { url: 'https://a.example/h', events: ['*'], hmac: 'one' });
    const renamed = await update(sim, id, { url: 'https://a.example/h', name: 'gateway' });
    expect(renamed.json).toMatchObject({ events: ['*'], hmac: 'one', name: 'gateway' });
    const changed = await update(sim, id, {
      url: 'https://a.example/h',
      retries: { delay: 5 },
      hmac: '',
      is_active: false,
    });
    expect(changed.json).toMatchObject({
      is_active: false,
      retries: { delay: 5, attempts: 15 },
      hmac: null,
      name: 'gateway',
    });
    const unknown = await update(sim, id, { url: 'https://zz.example/h?token=t0p', events: ['*'] });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ status: 404, code: 'not_found' });
    expect(unknown.text).not.toContain('t0p');
    const empty = await update(sim, id, { url: 'https://a.example/h' });
    expect(empty.json).toMatchObject({ status: 400, code: 'missing_parameter' });
    const bad = await update(sim, id, { url: 'https://a.example/h', events: [] });
    expect(bad.json).toMatchObject({ status: 400, code: 'invalid_parameter' });
  });

  it('delete removes one URL with an ack, is idempotent, and keeps the system webhook', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await set(sim, id, { url: 'https://a.example/h', events: ['*'] });
    await set(sim, id, { url: 'https://b.example/h', events: ['*'] });
    const del = (url: string) =>
      sim.call('/v2/webhook/delete', id, { method: 'DELETE', json: { url } });
    expect((await del('https://a.example/h')).json).toEqual({ success: true, deleted: true });
    expect((await del('https://a.example/h')).json).toEqual({ success: true, deleted: false });
    const listed = await sim.call<{
      webhooks: Array<{ url: string }>;
      systemConfig: { url: string };
    }>('/v2/session/webhook', id);
    expect(listed.json.webhooks.map((hook) => hook.url)).toEqual(['https://b.example/h']);
    expect((await del(listed.json.systemConfig.url)).status).toBe(400);
  });

  it('POST /v2/session/webhook overwrites the list but keeps hidden fields of URLs that stay', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await set(sim, id, {
      url: 'https://a.example/h',
      events: ['*'],
      hmac: 'kept',
      retries: { attempts: 2 },
    });
    await set(sim, id, { url: 'https://b.example/h', events: ['*'] });
    const written = await sim.call('/v2/session/webhook', id, {
      method: 'POST',
      json: { webhooks: [{ url: 'https://a.example/h', events: ['session.status'] }] },
    });
    expect(written.text).not.toContain('kept');
    const info = await sim.call<{ config: { webhooks: unknown[] } }>('/v2/session/info', id);
    expect(info.json.config.webhooks).toEqual([
      { url: 'https://a.example/h', events: ['session.status'], is_active: true },
    ]);
    const again = await update(sim, id, { url: 'https://a.example/h', name: 'x' });
    expect(again.json).toMatchObject({ hmac: 'kept', retries: { delay: 2, attempts: 2 } });
  });
});

describe('plan gate', () => {
  it('answers 403 subscription_required on every webhook route of a free plan, after auth', async () => {
    const sim = await harness.start({ plan: 'free' });
    const [id] = sim.ids as [string];
    const hook = { url: 'https://a.example/h', events: ['*'] };
    const replies = [
      await sim.call('/v2/session/webhook', id),
      await set(sim, id, hook),
      await update(sim, id, hook),
      await sim.call('/v2/webhook/delete', id, { method: 'DELETE', json: hook }),
    ];
    for (const reply of replies) {
      expect(reply.status).toBe(403);
      expect(reply.json).toMatchObject({ status: 403, code: 'subscription_required' });
    }
    expect((await sim.raw('/v2/webhook/set', { method: 'POST', json: hook })).status).toBe(400);
    expect((await sim.call('/v2/session/info', id)).status).toBe(200);
  });
});

describe('control surface', () => {
  it('never shows a webhook credential', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await set(sim, id, {
      url: 'https://gw.example/webhooks/wawp?token=tok-XYZ&instance=I1',
      events: ['*'],
      hmac: 'hmac-XYZ',
    });
    const view = await sim.raw('/_sim/instances');
    expect(view.text).not.toContain('XYZ');
    expect((await sim.view(id)).webhooks).toEqual([
      expect.objectContaining({
        url: 'https://gw.example/webhooks/wawp?token=[redacted]&instance=I1',
        hmac: '[redacted]',
      }),
    ]);
    const scanned = await sim.raw(`/_sim/instances/${id}/drop`, { method: 'POST', json: {} });
    expect(scanned.text).not.toContain('XYZ');
  });

  it('redacts userinfo and credential-like parameters, and unparsable text whole', () => {
    expect(redactUrl('https://u:p@x.example/h?secret=1&sig=2&a=3')).toBe(
      'https://[redacted]@x.example/h?secret=[redacted]&sig=[redacted]&a=3',
    );
    expect(redactUrl('not a url token=1')).toBe('[redacted]');
  });

  it('takes writes as application/json only (415), and refuses cross-origin browsers (403)', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    const path = `${sim.url}/_sim/faults`;
    for (const [type, body] of [
      ['text/plain', '{"errorStatus":500}'],
      ['application/x-www-form-urlencoded', 'errorStatus=500'],
      ['multipart/form-data; boundary=x', '--x--'],
      [undefined, '{"errorStatus":500}'],
    ] as const) {
      const headers: Record<string, string> = type ? { 'content-type': type } : {};
      const res = await fetch(path, { method: 'POST', headers, body });
      expect(res.status, String(type)).toBe(415);
      expect(await res.json()).toMatchObject({ status: 415, code: 'unsupported_media_type' });
    }
    const form = await fetch(`${sim.url}/_sim/instances/${id}/scan`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(form.status).toBe(415);
    const page = await fetch(`${sim.url}/_sim/instances/${id}/scan`, {
      method: 'POST',
      headers: { origin: 'https://evil.example' },
    });
    expect(page.status).toBe(403);
    expect(await page.json()).toMatchObject({ code: 'cross_origin' });
    expect((await sim.raw('/_sim/faults')).json).toEqual({ faults: [] });
    const ok = await sim.raw('/_sim/faults', { method: 'POST', json: { errorStatus: 500 } });
    expect(ok.status).toBe(200);
    expect((await sim.raw('/_sim/faults', { method: 'DELETE' })).status).toBe(200);
  });

  it('lists every status an instance went through in /history', async () => {
    const sim = await harness.start({ bootMs: 100 });
    const [id] = sim.ids as [string];
    const before = Date.now();
    await sim.call('/v2/session/start', id);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
    await sim.call('/v2/session/stop', id);
    const history = await sim.raw<Array<{ status: string; at: number }>>(
      `/_sim/instances/${id}/history`,
    );
    expect(history.json.map((entry) => entry.status)).toEqual([
      'STOPPED',
      'STARTING',
      'SCAN_QR_CODE',
      'STOPPED',
    ]);
    expect(history.json[0]!.at).toBeLessThanOrEqual(before);
    const times = history.json.map((entry) => entry.at);
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect((await sim.raw('/_sim/instances/NOPE00000000/history')).status).toBe(404);
    expect((await sim.raw(`/_sim/instances/${id}/history`, { method: 'POST' })).status).toBe(405);
  });
});
