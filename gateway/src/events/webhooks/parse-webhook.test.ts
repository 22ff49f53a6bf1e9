import { describe, expect, it } from 'vitest';
import { parseWebhook as parse, toUnixMs } from './parse-webhook';

/** When the deliveries below arrive: two seconds after their envelopes say they were sent. */
const RECEIVED = 1_700_000_005_000;
const parseWebhook = (body: unknown, receivedAt = RECEIVED) => parse(body, receivedAt);

const envelope = (
  overrides: Record<string, unknown> = {},
  payload: Record<string, unknown> = {},
) => ({
  id: 'evt_01jabcdefghjkmnpqrstvwxyz0',
  timestamp: 1_700_000_003_000,
  event: 'session.status',
  session: 'wawp-84729105',
  metadata: { 'user.id': '123' },
  me: null,
  payload: { name: 'wawp-84729105', status: 'SCAN_QR_CODE', ...payload },
  ...overrides,
});

describe('parseWebhook', () => {
  it('reads the WAHA envelope', () => {
    expect(parseWebhook(envelope({ instance_id: 'ABC123' }))).toEqual({
      eventId: 'evt_01jabcdefghjkmnpqrstvwxyz0',
      instanceId: 'ABC123',
      sessionName: 'wawp-84729105',
      status: 'SCAN_QR_CODE',
      me: null,
      upstreamTs: 1_700_000_003_000,
      timestampDiscarded: false,
    });
  });

  it('takes the instance id from metadata and the account while WORKING', () => {
    const body = envelope(
      { metadata: { instance_id: 'XYZ' }, me: { id: '2010@c.us', pushName: 'Shop', lid: '1@lid' } },
      { status: 'WORKING' },
    );
    expect(parseWebhook(body)).toMatchObject({
      instanceId: 'XYZ',
      status: 'WORKING',
      me: { id: '2010@c.us', pushName: 'Shop' },
    });
  });

  it('falls back to the newest statuses entry when the envelope has no timestamp', () => {
    const body = envelope(
      { timestamp: undefined },
      {
        statuses: [
          { status: 'STARTING', timestamp: 1_700_000_001_000 },
          { status: 'SCAN_QR_CODE', timestamp: 1_700_000_002_000 },
        ],
      },
    );
    expect(parseWebhook(body)?.upstreamTs).toBe(1_700_000_002_000);
  });

  it('maps passkey statuses like a QR wait', () => {
    expect(parseWebhook(envelope({}, { status: 'PASSKEY_REQUIRED' }))?.status).toBe('SCAN_QR_CODE');
  });

  it('reads legacy Wawp flat bodies (seconds)', () => {
    const body = { instance_id: 'L1', status: 'WORKING', ts: 1_700_000_004 };
    expect(parseWebhook(body)).toMatchObject({
      instanceId: 'L1',
      status: 'WORKING',
      upstreamTs: 1_700_000_004_000,
    });
  });

  it('tells seconds, milliseconds and microseconds apart', () => {
    expect(toUnixMs(1_700_000_004)).toBe(1_700_000_004_000);
    expect(toUnixMs(1_700_000_004_123)).toBe(1_700_000_004_123);
    expect(toUnixMs(1_700_000_004_123_456)).toBe(1_700_000_004_123);
    expect(toUnixMs(1e18)).toBeNull();
    for (const ts of [1_700_000_004, 1_700_000_004_000, 1_700_000_004_000_000]) {
      expect(parseWebhook(envelope({ timestamp: ts }))?.upstreamTs).toBe(1_700_000_004_000);
    }
  });

  it.each([
    ['10^15 (microseconds of 2001)', 1e15],
    ['a day ahead', RECEIVED + 86_400_000],
    ['four days old', RECEIVED - 4 * 86_400_000],
    ['beyond any unit', 1e18],
  ])('ignores a timestamp that is %s, and says so', (_label, timestamp) => {
    expect(parseWebhook(envelope({ timestamp }))).toMatchObject({
      upstreamTs: null,
      timestampDiscarded: true,
    });
  });

  it('accepts a timestamp up to 5 minutes ahead of the receipt and 3 days behind it', () => {
    for (const timestamp of [RECEIVED + 5 * 60_000, RECEIVED - 3 * 86_400_000]) {
      expect(parseWebhook(envelope({ timestamp }))?.upstreamTs).toBe(timestamp);
    }
  });

  it('names a delivery without `id` by its body and the minute it arrived in', () => {
    const a = parseWebhook(envelope({ id: undefined }));
    const retried = parseWebhook(envelope({ id: undefined }), RECEIVED + 30_000);
    const c = parseWebhook(envelope({ id: undefined, timestamp: 1_700_000_004_000 }));
    const d = parseWebhook(envelope({ id: undefined }, { status: 'WORKING' }));
    expect(a?.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a?.eventId).toBe(retried?.eventId);
    expect(new Set([a?.eventId, c?.eventId, d?.eventId]).size).toBe(3);
  });

  it('does not collapse a legacy body without `ts` that comes again later', () => {
    const body = { instance_id: 'L1', status: 'WORKING' };
    const first = parseWebhook(body);
    const later = parseWebhook(body, RECEIVED + 10 * 60_000);
    expect(first?.upstreamTs).toBeNull();
    expect(first?.timestampDiscarded).toBe(false);
    expect(first?.eventId).not.toBe(later?.eventId);
  });

  it.each([
    ['another event', envelope({ event: 'message' })],
    ['an unknown status', envelope({}, { status: 'HIBERNATING' })],
    ['no status', envelope({}, { status: undefined })],
    ['an array', []],
    ['a string', 'session.status'],
    ['null', null],
  ])('ignores %s', (_label, body) => {
    expect(parseWebhook(body)).toBeNull();
  });
});
