import { describe, expect, it } from 'vitest';
import { decodeStoredWebhook } from './decode-webhook';

const url = 'https://gw.test/h';

describe('decodeStoredWebhook', () => {
  it('reads the webhook Wawp stored, without handing back the secret', () => {
    const decoded = decodeStoredWebhook(
      {
        url,
        events: ['session.status'],
        is_active: 1,
        retries: { delay: 2, attempts: 15 },
        hmac: 'secret',
        name: 'gw',
      },
      url,
    );
    expect(decoded).toEqual({
      url,
      events: ['session.status'],
      isActive: true,
      retries: { delay: 2, attempts: 15 },
      hasHmac: true,
      name: 'gw',
    });
    expect(JSON.stringify(decoded)).not.toContain('secret');
  });

  it.each([
    [{ webhook: { url, events: ['*'], is_active: '0' } }, { isActive: false }],
    [{ data: { url, events: ['*'], hmac: null } }, { hasHmac: false }],
    [
      {
        webhooks: [
          { url: 'other', events: [] },
          { url, events: ['*'] },
        ],
      },
      { url },
    ],
    [{ url, events: ['*'], hmac: { key: 'k' } }, { hasHmac: true }],
    [
      { url, events: ['*'], retries: { delaySeconds: 1, attempts: 3 } },
      { retries: { delay: 1, attempts: 3 } },
    ],
  ])('accepts the variant %j', (body, expected) => {
    expect(decodeStoredWebhook(body, url)).toMatchObject(expected);
  });

  it('leaves out what the answer does not say', () => {
    const decoded = decodeStoredWebhook({ url, events: ['*'], retries: { delay: 'x' } }, url);
    expect(decoded).toEqual({ url, events: ['*'], isActive: true });
  });

  it.each([null, '', [], {}, { ok: true }, { webhooks: [{ url: 'other' }] }, { url: 5 }])(
    'is null for a body without the webhook: %j',
    (body) => {
      expect(decodeStoredWebhook(body, url)).toBeNull();
    },
  );
});
