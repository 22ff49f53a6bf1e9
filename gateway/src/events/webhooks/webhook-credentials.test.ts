import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createWebhookCredentials, type PresentedCredentials } from './webhook-credentials';

const MASTER = 'm'.repeat(40);
const OLD_MASTER = 'o'.repeat(40);
const WAHA_KEY = 'w'.repeat(40);
const raw = new TextEncoder().encode('{"event":"session.status","instance_id":"A"}');

const credentials = createWebhookCredentials({
  masters: [MASTER, OLD_MASTER],
  hmacKeys: [WAHA_KEY],
});
const present = (over: Partial<PresentedCredentials>): PresentedCredentials => ({
  raw,
  instanceId: 'A',
  wahaHmac: null,
  wawpSignature: null,
  token: null,
  ...over,
});
const hex = (algorithm: string, key: string) =>
  createHmac(algorithm, key).update(raw).digest('hex');

describe('createWebhookCredentials', () => {
  it('derives one secret per instance from the master, not the master itself', () => {
    const a = credentials.secretFor('A');
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(a).not.toBe(credentials.secretFor('B'));
    expect(a).not.toContain(MASTER);
    expect(createWebhookCredentials({ masters: [MASTER], hmacKeys: [] }).secretFor('A')).toBe(a);
  });

  it('accepts X-Wawp-Signature as the instance secret or the HMAC-SHA256 of the body under it', () => {
    const secret = credentials.secretFor('A');
    expect(credentials.accepts(present({ wawpSignature: secret }))).toBe(true);
    expect(credentials.accepts(present({ wawpSignature: hex('sha256', secret) }))).toBe(true);
  });

  it('refuses another instance’s secret, a forged signature, and a signature without an instance', () => {
    expect(credentials.accepts(present({ wawpSignature: credentials.secretFor('B') }))).toBe(false);
    expect(credentials.accepts(present({ wawpSignature: hex('sha256', 'forged') }))).toBe(false);
    expect(credentials.accepts(present({ wawpSignature: 'x' }))).toBe(false);
    const secret = credentials.secretFor('A');
    expect(credentials.accepts(present({ instanceId: null, wawpSignature: secret }))).toBe(false);
    expect(credentials.accepts(present({}))).toBe(false);
  });

  it('accepts WAHA’s X-Webhook-Hmac under a configured key', () => {
    expect(credentials.accepts(present({ wahaHmac: hex('sha512', WAHA_KEY) }))).toBe(true);
    expect(credentials.accepts(present({ wahaHmac: hex('sha512', 'other') }))).toBe(false);
  });

  it('accepts ?token= as the instance secret or a master, old masters included (rotation)', () => {
    const old = createWebhookCredentials({ masters: [OLD_MASTER], hmacKeys: [] }).secretFor('A');
    expect(credentials.accepts(present({ token: credentials.secretFor('A') }))).toBe(true);
    expect(credentials.accepts(present({ token: old }))).toBe(true);
    expect(credentials.accepts(present({ instanceId: null, token: MASTER }))).toBe(true);
    expect(credentials.accepts(present({ instanceId: null, token: OLD_MASTER }))).toBe(true);
    expect(credentials.accepts(present({ token: credentials.secretFor('B') }))).toBe(false);
    expect(credentials.accepts(present({ token: 'guess' }))).toBe(false);
  });

  it('tells the scrubber of every secret it derives', () => {
    const seen: string[] = [];
    const c = createWebhookCredentials({
      masters: [MASTER],
      hmacKeys: [],
      onSecret: (s) => seen.push(s),
    });
    c.secretFor('Z');
    c.secretFor('Z');
    expect(seen).toEqual([c.secretFor('Z')]);
  });
});
