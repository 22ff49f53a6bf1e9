import { PNG } from 'pngjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  decodeQr,
  type InstanceView,
  type SimHandle,
} from '../testing/simulator-fixtures';

const harness = createHarness();
afterEach(() => harness.dispose());

const act = (sim: SimHandle, id: string, action: string, json?: unknown) =>
  sim.raw<InstanceView>(`/_sim/instances/${id}/${action}`, {
    method: 'POST',
    ...(json === undefined ? {} : { json }),
  });

const login = async (sim: SimHandle, id: string, json?: unknown) => {
  await sim.call('/v2/session/start', id);
  await sim.waitForStatus(id, 'SCAN_QR_CODE');
  return act(sim, id, 'scan', json);
};

describe('/_sim/instances', () => {
  it('lists every instance, STOPPED at start', async () => {
    const sim = await harness.start({ instances: 3 });
    const list = await sim.raw<InstanceView[]>('/_sim/instances');
    expect(list.json.map((instance) => instance.instance_id)).toEqual(sim.ids);
    for (const instance of list.json) {
      expect(instance).toMatchObject({ status: 'STOPPED', me: null, linked: false, qr: null });
      expect(instance.instance_id).toMatch(/^[A-Z0-9]{12}$/);
    }
  });

  it('answers 404 for unknown instances or actions and 405 for wrong methods', async () => {
    const sim = await harness.start();
    expect((await act(sim, 'NOPE00000000', 'scan')).status).toBe(404);
    expect((await act(sim, sim.ids[0]!, 'explode')).status).toBe(404);
    expect((await sim.raw(`/_sim/instances/${sim.ids[0]}/scan`)).status).toBe(405);
    expect((await sim.raw('/_sim/instances', { method: 'POST' })).status).toBe(405);
  });
});

describe('phone-side actions', () => {
  it('scan: 409 unless SCAN_QR_CODE, then WORKING with the given me', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    const early = await act(sim, id, 'scan');
    expect(early.status).toBe(409);
    expect(early.json).toMatchObject({ code: 'conflict' });
    const scanned = await login(sim, id, { pushName: 'Ada', phone: '447700900123' });
    expect(scanned.json).toMatchObject({
      status: 'WORKING',
      linked: true,
      me: { id: '447700900123@c.us', pushName: 'Ada' },
    });
    expect((await act(sim, id, 'scan')).status).toBe(409);
  });

  it('scan rejects a malformed phone', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    const reply = await login(sim, id, { phone: '+447700900123' });
    expect(reply.status).toBe(400);
    expect((await sim.view(id)).status).toBe('SCAN_QR_CODE');
  });

  it('enter-code: 409 outside SCAN_QR_CODE, 400 without a code, 422 when none was requested', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    expect((await act(sim, id, 'enter-code', { code: 'ABCD-EFGH' })).status).toBe(409);
    await sim.call('/v2/session/start', id);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
    expect((await act(sim, id, 'enter-code', {})).status).toBe(400);
    const none = await act(sim, id, 'enter-code', { code: 'ABCD-EFGH' });
    expect(none.status).toBe(422);
    const { json } = await sim.call<{ code: string }>('/v2/auth/request-code', id, {
      method: 'POST',
      form: { phone_number: '4915112345678' },
    });
    const entered = await act(sim, id, 'enter-code', {
      code: json.code.replace('-', '').toLowerCase(),
    });
    expect(entered.json).toMatchObject({ status: 'WORKING', me: { id: '4915112345678@c.us' } });
  });

  it('a pairing code dies when the session leaves SCAN_QR_CODE', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await sim.call('/v2/session/start', id);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
    const { json } = await sim.call<{ code: string }>('/v2/auth/request-code', id, {
      method: 'POST',
      query: { phone_number: '4915112345678' },
    });
    await sim.call('/v2/session/restart', id);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
    expect((await sim.view(id)).pairing).toBeNull();
    expect((await act(sim, id, 'enter-code', { code: json.code })).status).toBe(422);
  });

  it('unlink: WORKING -> FAILED with auth gone; a restart asks for a QR again', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    expect((await act(sim, id, 'unlink')).status).toBe(409);
    await login(sim, id);
    const unlinked = await act(sim, id, 'unlink');
    expect(unlinked.json).toMatchObject({ status: 'FAILED', linked: false, me: null });
    await sim.call('/v2/session/restart', id);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
  });

  it('drop: a warm reconnect through STARTING back to WORKING with the same account', async () => {
    const sim = await harness.start({ timeScale: 20 });
    const [id] = sim.ids as [string];
    expect((await act(sim, id, 'drop')).status).toBe(409);
    const before = (await login(sim, id)).json.me;
    const dropped = await act(sim, id, 'drop');
    expect(dropped.json).toMatchObject({ status: 'STARTING', linked: true });
    await sim.waitForStatus(id, 'WORKING');
    expect((await sim.view(id)).me).toEqual(before);
  });
});

describe('session lifecycle details', () => {
  it('logout of a STOPPED session clears auth and stays STOPPED', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await login(sim, id);
    await sim.call('/v2/session/stop', id);
    const reply = await sim.call('/v2/session/logout', id);
    expect(reply.json).toMatchObject({ status: 'STOPPED' });
    expect((await sim.view(id)).linked).toBe(false);
    await sim.call('/v2/session/start', id);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
  });

  it('start and stop are idempotent', async () => {
    const sim = await harness.start({ bootMs: 60_000 });
    const [id] = sim.ids as [string];
    await sim.call('/v2/session/stop', id);
    await sim.call('/v2/session/start', id);
    await sim.call('/v2/session/start', id);
    const view = await sim.view(id);
    expect(view.statuses.map((entry) => entry.status)).toEqual(['STOPPED', 'STARTING']);
  });

  it('screenshot: the QR in SCAN_QR_CODE, a placeholder PNG in WORKING', async () => {
    const sim = await harness.start({ timeScale: 10 }); // the first QR lives 6 s: no rotation mid-test
    const [id] = sim.ids as [string];
    await sim.call('/v2/session/start', id);
    await sim.waitForStatus(id, 'SCAN_QR_CODE');
    const shot = await sim.call<{ mimetype: string; data: string }>('/v2/auth/screenshot', id, {
      method: 'POST',
    });
    expect(shot.json.mimetype).toBe('image/png');
    expect(decodeQr(Buffer.from(shot.json.data, 'base64'))).toBe((await sim.view(id)).qr?.value);
    await act(sim, id, 'scan');
    const working = await sim.call<{ mimetype: string; data: string }>('/v2/auth/screenshot', id);
    expect(working.status).toBe(200);
    const picture = PNG.sync.read(Buffer.from(working.json.data, 'base64'));
    expect(decodeQr(Buffer.from(working.json.data, 'base64'))).toBeUndefined();
    expect([picture.width, picture.height]).toEqual([480, 300]);
    // WhatsApp's header green at the top-left corner, the chat background at the bottom-right
    expect([...picture.data.subarray(0, 3)]).toEqual([0, 128, 105]);
    expect([...picture.data.subarray(picture.data.length - 4, picture.data.length - 1)]).toEqual([
      239, 234, 226,
    ]);
  });
});
