import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** @private Every tenant key starts with this, so secret scanners and humans can spot one. */
export const API_KEY_PREFIX = 'wgk_';
const KEY_SHAPE = /^wgk_[A-Za-z0-9_-]{43}$/;
/** @private How much of a key is kept in clear for display: `wgk_` + 8 characters. */
const DISPLAY_LENGTH = 12;

/** @private A fresh key, its SHA-256 (the only thing stored) and its display prefix. */
export function makeApiKey(): { key: string; hash: string; prefix: string } {
  const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { key, hash: hashApiKey(key), prefix: key.slice(0, DISPLAY_LENGTH) };
}

/** @private SHA-256 hex. Keys carry 256 random bits, so a fast unsalted hash is enough. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

/** @private Whether `key` has the shape of a tenant key (a cheap check before any lookup). */
export function isApiKeyShape(key: string): boolean {
  return KEY_SHAPE.test(key);
}

/** @private Constant-time comparison of two hex hashes. */
export function isSameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
