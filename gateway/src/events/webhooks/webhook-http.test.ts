import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useWebhookFixture } from '../../testing/webhook-fixtures';
import { createWebhookCredentials } from './webhook-credentials';

const { setup, envelope, eventsOf } = useWebhookFixture();

describe('webhook ingest: HTTP and authenticity', () => {
  it('refuses wrong methods, types and oversized bodies', async () => {
    const { yoga, post } = setup({ maxBodyBytes: 64 });
    expect((await yoga.fetch('http://yoga/webhooks/wawp', { method: 'GET' })).status).toBe(405);
    expect((await post('{}', { headers: { 'content-type': 'text/plain' } })).status).toBe(415);
    expect((await post(JSON.stringify({ pad: 'x'.repeat(100) }))).status).toBe(413);
    expect((await yoga.fetch('http://yoga/graphql?query={ok}')).status).toBe(200);
  });

  it('checks the path token in constant time; a bad one gets 401 and publishes nothing', async () => {
    const { post, plugin } = setup();
    expect((await post(envelope('W-token', 'STARTING'), { query: '?token=nope' })).status).toBe(
      401,
    );
    expect((await post(envelope('W-token', 'STARTING'), { query: '' })).status).toBe(401);
    const ok = await post(envelope('W-token', 'STARTING'));
    expect(ok.status).toBe(202);
    await plugin.drained();
    expect((await eventsOf('W-token')).map((e) => e.kind)).toEqual(['SessionStatusChanged']);
  });

  it('verifies the HMAC of the raw body when a secret is set', async () => {
    const secret = 'whsec-test';
    const { post, plugin } = setup({
      credentials: createWebhookCredentials({ masters: ['another-master'], hmacKeys: [secret] }),
    });
    const body = envelope('W-hmac', 'STARTING');
    const sign = (text: string) => createHmac('sha512', secret).update(text).digest('hex');
    const reformatted = JSON.stringify(JSON.parse(body), null, 1);
    expect((await post(body, { headers: { 'x-webhook-hmac': sign(reformatted) } })).status).toBe(
      401,
    );
    expect((await post(body, { headers: { 'x-webhook-hmac': 'abc' } })).status).toBe(401);
    expect((await post(body)).status).toBe(401);
    expect(await eventsOf('W-hmac')).toEqual([]);
    expect(
      (await post(body, { query: '', headers: { 'x-webhook-hmac': sign(body) } })).status,
    ).toBe(202);
    await plugin.drained();
    expect(await eventsOf('W-hmac')).toHaveLength(1);
  });

  it('verifies X-Wawp-Signature against the instance’s own secret; a forged one publishes nothing', async () => {
    const credentials = createWebhookCredentials({ masters: ['master-0123456789'], hmacKeys: [] });
    const { post, plugin } = setup({ credentials });
    const body = envelope('W-wawp', 'STARTING');
    const forged = { query: '?instance=W-wawp', headers: { 'x-wawp-signature': 'guess' } };
    expect((await post(body, forged)).status).toBe(401);
    const other = { 'x-wawp-signature': credentials.secretFor('W-other') };
    expect((await post(body, { query: '?instance=W-wawp', headers: other })).status).toBe(401);
    expect(await eventsOf('W-wawp')).toEqual([]);
    const signed = { 'x-wawp-signature': credentials.secretFor('W-wawp') };
    expect((await post(body, { query: '?instance=W-wawp', headers: signed })).status).toBe(202);
    await plugin.drained();
    expect(await eventsOf('W-wawp')).toHaveLength(1);
  });

  it('answers 503 when the delivery cannot be recorded, so the sender retries', async () => {
    const { post } = setup({
      deliveries: {
        record: async () => Promise.reject(new Error('db down')),
        markProcessed: async () => {},
        pending: async () => [],
      },
    });
    expect((await post(envelope('W-503', 'STARTING'))).status).toBe(503);
    expect(await eventsOf('W-503')).toEqual([]);
  });
});
