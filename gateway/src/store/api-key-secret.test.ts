import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { hashApiKey, isApiKeyShape, isSameHash, makeApiKey } from './api-key-secret';

describe('api key secrets', () => {
  it('makes wgk_ + 32 random bytes (base64url), stored as SHA-256 hex with a short prefix', () => {
    const { key, hash, prefix } = makeApiKey();
    expect(key).toMatch(/^wgk_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(key.slice(4), 'base64url')).toHaveLength(32);
    expect(hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(hash).not.toContain(key.slice(4));
    expect(prefix).toBe(key.slice(0, 12));
    expect(makeApiKey().key).not.toBe(key);
  });

  it('checks the shape and compares hashes', () => {
    const { key } = makeApiKey();
    expect(isApiKeyShape(key)).toBe(true);
    expect(isApiKeyShape(`${key}x`)).toBe(false);
    expect(isApiKeyShape(key.replace('wgk_', 'wgx_'))).toBe(false);
    expect(isSameHash(hashApiKey(key), hashApiKey(key))).toBe(true);
    expect(isSameHash(hashApiKey(key), hashApiKey(`${key}x`))).toBe(false);
    expect(isSameHash(hashApiKey(key), 'abcd')).toBe(false);
  });
});
