import { afterEach, expect, it } from 'vitest';
import { createHarness, decodeQr, type SimHandle, until } from '../testing/simulator-fixtures';
import { PAIRING_ALPHABET } from './ids';

const harness = createHarness();
afterEach(() => harness.dispose());

interface QrRaw {
  mimetype: string;
  data: string;
}

const readQr = async (sim: SimHandle, id: string) => {
  const reply = await sim.call<QrRaw>('/v2/auth/qr', id, {
    method: 'POST',
    json: { format: 'raw' },
  });
  expect(reply.status).toBe(200);
  expect(reply.headers.get('cache-control')).toBe('no-store');
  expect(reply.json.mimetype).toBe('application/json');
  return JSON.parse(Buffer.from(reply.json.data, 'base64').toString('utf8')) as {
    value: string;
    expiry: number;
  };
};

/** Reads qr, then qr-image, then qr again, until no rotation happened in between. */
const readImageWithValue = async (sim: SimHandle, id: string) => {
  for (;;) {
    const before = await readQr(sim, id);
    const image = await sim.call<{ qr: string }>('/v2/auth/qr-image', id);
    const after = await readQr(sim, id);
    if (before.value === after.value) {
      expect(image.headers.get('cache-control')).toBe('no-store');
      expect(image.json.qr).toMatch(/^data:image\/png;base64,/);
      return { value: before.value, decoded: decodeQr(image.json.qr) };
    }
  }
};

it('create -> QR login -> pairing code -> logout -> QR expiry -> FAILED -> restart -> delete', async () => {
  const receiver = await harness.receiver();
  const sim = await harness.start({ instances: 0, timeScale: 50, webhookUrl: receiver.url });
  const { call, raw, token } = sim;

  const created = await raw<{ instance_id: string }>('/v2/session/create', {
    method: 'POST',
    json: { access_token: token },
  });
  const id = created.json.instance_id;
  expect(sim.sim.instanceIds()).toEqual([id]);

  expect((await call('/v2/session/start', id, { method: 'POST' })).json).toMatchObject({
    status: 'STARTING',
  });
  await sim.waitForStatus(id, 'SCAN_QR_CODE');
  const info = await call<{ qr: string; me: unknown; status: string }>('/v2/session/info', id);
  expect(info.json.status).toBe('SCAN_QR_CODE');
  expect(info.json.me).toBeNull();
  expect((await call('/v2/session/me', id)).text).toBe('null');

  // the QR rotates: a new value, and the PNG decodes to exactly the current value
  const first = await readQr(sim, id);
  expect(first.value).toMatch(
    /^2@[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+,[A-Za-z0-9+/=]+$/,
  );
  expect(first.expiry).toBeGreaterThan(Date.now());
  expect(decodeQr(info.json.qr)).toBe(first.value);
  await until(async () => ((await sim.view(id)).qr?.index ?? 0) >= 2);
  const { value, decoded } = await readImageWithValue(sim, id);
  expect(value).not.toBe(first.value);
  expect(decoded).toBe(value);

  // pairing code: a newer request invalidates the older code
  const requestCode = () =>
    call<{ code: string }>('/v2/auth/request-code', id, {
      method: 'POST',
      json: { phone_number: '201145202826' },
    });
  const stale = (await requestCode()).json.code;
  const { code } = (await requestCode()).json;
  const charset = `[${PAIRING_ALPHABET}]{4}`;
  expect(code).toMatch(new RegExp(`^${charset}-${charset}$`));
  const wrong = await raw(`/_sim/instances/${id}/enter-code`, {
    method: 'POST',
    json: { code: stale },
  });
  expect(wrong.status).toBe(422);
  const entered = await raw(`/_sim/instances/${id}/enter-code`, { method: 'POST', json: { code } });
  expect(entered.status).toBe(200);

  const working = await call<{ status: string; me: { id: string }; qr?: string }>(
    '/v2/session/info',
    id,
  );
  expect(working.json.status).toBe('WORKING');
  expect(working.json.me.id).toBe('201145202826@c.us');
  expect(working.json.qr).toBeUndefined();
  expect((await call('/v2/session/me', id)).json).toEqual({
    id: '201145202826@c.us',
    pushName: expect.any(String),
    lid: expect.stringMatching(/@lid$/),
    platform: expect.any(String),
  });

  // stored credentials: stop + start resumes without a scan
  await call('/v2/session/stop', id);
  await call('/v2/session/start', id);
  await sim.waitForStatus(id, 'WORKING');

  // logout: back to SCAN_QR_CODE, then 6 QRs run out into FAILED
  const loggedOut = await call('/v2/session/logout', id, { method: 'POST' });
  expect(loggedOut.json).toMatchObject({ status: 'STARTING', me: null });
  await sim.waitForStatus(id, 'SCAN_QR_CODE');
  expect((await call('/v2/session/me', id)).json).toBeNull();
  await sim.waitForStatus(id, 'FAILED', 10_000);
  await until(() => receiver.deliveries.some((d) => d.body.payload.status === 'FAILED'));
  const statuses = receiver.deliveries.map((delivery) => delivery.body.payload.status);
  expect(statuses.slice(statuses.lastIndexOf('WORKING') + 1)).toEqual([
    'STOPPED',
    'STARTING',
    ...Array.from({ length: 6 }, () => 'SCAN_QR_CODE'),
    'FAILED',
  ]);
  expect((await call('/v2/auth/qr', id)).status).toBe(422);

  // restart recovers, delete forgets
  expect((await call('/v2/session/restart', id)).json).toMatchObject({ status: 'STARTING' });
  await sim.waitForStatus(id, 'SCAN_QR_CODE');
  expect((await sim.view(id)).qr?.index).toBe(1);
  expect((await call('/v2/session/delete', id, { method: 'DELETE' })).json).toEqual({
    instance_id: id,
    deleted: true,
  });
  const gone = await call('/v2/session/info', id);
  expect(gone.status).toBe(404);
  expect(sim.sim.instanceIds()).toEqual([]);
});
