import { describe, expect, it } from 'vitest';
import {
  decodeCreated,
  decodeMe,
  decodeSession,
  decodeWebhookList,
  decodeWebhooks,
  toWawpStatus,
  WawpDecodeError,
} from './decode';

const ID = 'A1B2C3D4E5F6';

describe('toWawpStatus', () => {
  it.each([
    'STOPPED',
    'STARTING',
    'SCAN_QR_CODE',
    'WORKING',
    'FAILED',
    'PASSKEY_REQUIRED',
    'PASSKEY_CONFIRMATION_REQUIRED',
  ])('keeps %s', (status) => {
    expect(toWawpStatus(status)).toBe(status);
  });
  it.each(['LOGGED_OUT', 'working', '', 3, null, undefined])('maps %j to UNKNOWN', (raw) => {
    expect(toWawpStatus(raw)).toBe('UNKNOWN');
  });
});

describe('decodeSession', () => {
  it('decodes the W-info example with config.webhooks as an object', () => {
    const body = {
      name: 'wawp-84729105',
      status: 'WORKING',
      config: { webhooks: {}, proxy: null },
      me: { id: '201012345678@c.us', pushName: 'John Doe' },
    };
    expect(decodeSession(body, ID)).toEqual({
      instanceId: ID,
      name: 'wawp-84729105',
      status: 'WORKING',
      rawStatus: 'WORKING',
      me: { id: '201012345678@c.us', pushName: 'John Doe' },
      qr: null,
      webhooks: [],
    });
  });

  it('decodes the simulator/WAHA shape: array webhooks, inline qr, extra fields ignored', () => {
    const body = {
      instance_id: ID,
      name: 'wawp-1',
      status: 'SCAN_QR_CODE',
      qr: 'data:image/png;base64,AAAA',
      engine: { engine: 'NOWEB' },
      config: { webhooks: [{ url: 'https://h.test', events: ['session.status'], is_active: 1 }] },
      me: null,
    };
    const session = decodeSession(body, ID);
    expect(session?.qr).toBe('data:image/png;base64,AAAA');
    expect(session?.me).toBeNull();
    expect(session?.webhooks).toEqual([
      { url: 'https://h.test', events: ['session.status'], isActive: true },
    ]);
  });

  it('keeps an unknown status raw and decodes it to UNKNOWN', () => {
    const session = decodeSession({ status: 'HIBERNATING' }, ID);
    expect(session).toMatchObject({ status: 'UNKNOWN', rawStatus: 'HIBERNATING', name: null });
  });

  it.each([null, '', {}, { deleted: true }, { status: 3 }, []])(
    'returns null for a body that is not a session: %j',
    (body) => {
      expect(decodeSession(body, ID)).toBeNull();
    },
  );
});

describe('decodeMe', () => {
  it('decodes id, pushName and the optional lid/platform', () => {
    expect(
      decodeMe({ id: '1@c.us', pushName: 'Jo', lid: '9@lid', platform: 'smba', jid: 'x' }),
    ).toEqual({ id: '1@c.us', pushName: 'Jo', lid: '9@lid', platform: 'smba' });
    expect(decodeMe({ id: '1@c.us' })).toEqual({ id: '1@c.us', pushName: null });
  });
  it.each([null, undefined, {}, { pushName: 'x' }, 'me'])('maps %j to null', (body) => {
    expect(decodeMe(body)).toBeNull();
  });
});

describe('decodeWebhooks', () => {
  it.each([
    [true, true],
    [false, false],
    [1, true],
    [0, false],
    ['1', true],
    ['0', false],
    [undefined, true],
  ])('is_active %j -> %j', (isActive, expected) => {
    expect(decodeWebhooks([{ url: 'u', events: [], is_active: isActive }])[0]?.isActive).toBe(
      expected,
    );
  });
  it('accepts a single object, a keyed object, and drops entries without a url', () => {
    expect(decodeWebhooks({ url: 'u', events: ['m'] })).toHaveLength(1);
    expect(decodeWebhooks({ a: { url: 'u1' }, b: { url: 'u2' }, c: { x: 1 } })).toHaveLength(2);
    expect(decodeWebhooks([{ events: [] }, 'x', null])).toEqual([]);
    expect(decodeWebhooks(undefined)).toEqual([]);
  });
  it('decodes the GET session/webhook body with systemConfig', () => {
    const body = {
      webhooks: [{ url: 'u', events: ['message'], is_active: 0 }],
      systemConfig: { a: 1 },
    };
    expect(decodeWebhookList(body)).toEqual({
      webhooks: [{ url: 'u', events: ['message'], isActive: false }],
      systemConfig: { a: 1 },
    });
    expect(decodeWebhookList({})).toEqual({ webhooks: [], systemConfig: null });
  });
});

describe('decodeCreated', () => {
  it('decodes the documented create body', () => {
    expect(
      decodeCreated({
        instance_id: ID,
        session_name: 'wawp-1',
        server_name: 'node-eu-3',
        status: 'STOPPED',
      }),
    ).toEqual({
      instanceId: ID,
      sessionName: 'wawp-1',
      serverName: 'node-eu-3',
      status: 'STOPPED',
    });
  });
  it('treats everything but instance_id as optional', () => {
    expect(decodeCreated({ instance_id: ID })).toEqual({
      instanceId: ID,
      sessionName: null,
      serverName: null,
      status: 'UNKNOWN',
    });
  });
  it.each([null, {}, { instance_id: '' }, 'x'])('rejects %j', (body) => {
    expect(() => decodeCreated(body)).toThrow(WawpDecodeError);
  });
});
