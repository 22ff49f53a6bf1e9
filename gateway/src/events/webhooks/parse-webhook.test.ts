import { describe, expect, it } from 'vitest';
import { parseWebhook } from './parse-webhook';

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
          { status: 'STARTING', timestamp: 5 },
          { status: 'SCAN_QR_CODE', timestamp: 9 },
        ],
      },
    );
    expect(parseWebhook(body)?.upstreamTs).toBe(9);
  });

  it('maps passkey statuses like a QR wait', () => {
    expect(parseWebhook(envelope({}, { status: 'PASSKEY_REQUIRED' }))?.status).toBe('SCAN_QR_CODE');
  });

  it('reads legacy Wawp flat bodies (seconds)', () => {
    expect(parseWebhook({ instance_id: 'L1', status: 'WORKING', ts: 1_722_170_400 })).toMatchObject(
      {
        instanceId: 'L1',
        status: 'WORKING',
        upstreamTs: 1_722_170_400_000,
      },
    );
  });

  it('derives a stable id from the content when `id` is missing', () => {
    const a = parseWebhook(envelope({ id: undefined }));
    const b = parseWebhook(envelope({ id: undefined }));
    const c = parseWebhook(envelope({ id: undefined, timestamp: 1_700_000_004_000 }));
    const d = parseWebhook(envelope({ id: undefined }, { status: 'WORKING' }));
    expect(a?.eventId).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(a?.eventId).toBe(b?.eventId);
    expect(new Set([a?.eventId, c?.eventId, d?.eventId]).size).toBe(3);
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
