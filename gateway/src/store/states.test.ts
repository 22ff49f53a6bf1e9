import type { SessionState } from '@wawp-gateway/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFixtures, type TestDatabase } from '../testing/store-fixtures';
import type { Store } from './store-types';

const state = (patch: Partial<SessionState> = {}): SessionState => ({
  instanceId: 'i1',
  status: 'STARTING',
  me: null,
  observedAt: new Date('2026-01-01T00:00:00.000Z'),
  stale: false,
  ...patch,
});
const qr = {
  value: '2@q',
  imageDataUrl: 'data:image/png;base64,AA',
  expiresAt: new Date('2026-01-01T00:01:00.000Z'),
};

describe.each(storeFixtures)('instance state on $name', (fixture) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await fixture.createDatabase();
    store = await database.open();
  });
  afterEach(() => database.dispose());

  it('stores and reads back the last state, singly and in batches', async () => {
    expect(await store.states.get('i1')).toBeNull();
    const working = state({
      status: 'WORKING',
      me: { id: '1@c.us', pushName: 'Ann' },
      stale: true,
    });
    expect(await store.states.put(working)).toBe(true);
    await store.states.put(state({ instanceId: 'i2', status: 'STOPPED' }));
    expect(await store.states.get('i1')).toEqual({
      session: working,
      qrCode: null,
      upstreamTs: null,
      readUntil: null,
    });
    const many = await store.states.getMany(['i2', 'nope', 'i1']);
    expect(many.map((s) => s?.session.status ?? null)).toEqual(['STOPPED', null, 'WORKING']);
    expect(await store.states.getMany([])).toEqual([]);
  });

  it('refuses to go backwards in upstream time; polls (no timestamp) always apply', async () => {
    expect(await store.states.put(state({ status: 'SCAN_QR_CODE' }), { upstreamTs: 100 })).toBe(
      true,
    );
    expect(await store.states.put(state({ status: 'STOPPED' }), { upstreamTs: 50 })).toBe(false);
    expect(await store.states.get('i1')).toMatchObject({
      session: { status: 'SCAN_QR_CODE' },
      upstreamTs: 100,
    });
    expect(await store.states.put(state({ status: 'SCAN_QR_CODE' }), { upstreamTs: 100 })).toBe(
      true,
    );
    expect(await store.states.put(state({ status: 'WORKING' }))).toBe(true);
    expect(await store.states.get('i1')).toMatchObject({
      session: { status: 'WORKING' },
      upstreamTs: 100,
    });
    expect(await store.states.put(state({ status: 'FAILED' }), { upstreamTs: 99 })).toBe(false);
    expect(
      await store.states.put(state({ status: 'FAILED' }), { upstreamTs: 1_767_225_600_000 }),
    ).toBe(true);
    expect(await store.states.get('i1')).toMatchObject({
      session: { status: 'FAILED' },
      upstreamTs: 1_767_225_600_000,
    });
  });

  it('keeps the newest read answer time, whatever order the puts come in', async () => {
    const answered = new Date('2026-12-02T10:00:02Z');
    await store.states.put(state({ status: 'STARTING' }), { readUntil: answered });
    await store.states.put(state({ status: 'SCAN_QR_CODE' }), { readUntil: new Date(0) });
    await store.states.put(state({ status: 'WORKING' }), { upstreamTs: 5 });
    expect(await store.states.get('i1')).toMatchObject({
      session: { status: 'WORKING' },
      readUntil: answered,
    });
  });

  it('keeps the QR only while SCAN_QR_CODE unless told otherwise', async () => {
    await store.states.put(state({ status: 'SCAN_QR_CODE' }), { qrCode: qr });
    expect((await store.states.get('i1'))?.qrCode).toEqual(qr);
    await store.states.put(state({ status: 'SCAN_QR_CODE' }));
    expect((await store.states.get('i1'))?.qrCode).toEqual(qr);
    await store.states.put(state({ status: 'SCAN_QR_CODE' }), {
      qrCode: { ...qr, expiresAt: null },
    });
    expect((await store.states.get('i1'))?.qrCode).toEqual({ ...qr, expiresAt: null });
    await store.states.put(state({ status: 'WORKING' }));
    expect((await store.states.get('i1'))?.qrCode).toBeNull();
  });
});
