import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

const HEX_SHA512 = /^[0-9a-f]{128}$/i;

/**
 * Whether `signature` (the `X-Webhook-Hmac` header) is the hex HMAC-SHA512 of the raw body
 * bytes under `secret`, as WAHA signs. Compared in constant time; any malformed header fails.
 * @see https://api.wawp.net/en/docs/v2/webhooks-overview
 */
export function isValidHmac(raw: Uint8Array, signature: string | null, secret: string): boolean {
  if (signature === null || !HEX_SHA512.test(signature.trim())) {
    return false;
  }
  const expected = createHmac('sha512', secret).update(raw).digest();
  return timingSafeEqual(expected, Buffer.from(signature.trim(), 'hex'));
}

/**
 * Whether `given` (the `?token=` of the webhook URL) equals `expected`, in constant time: both
 * are hashed first, so neither their content nor their length leaks through timing.
 */
export function isValidToken(given: string | null, expected: string): boolean {
  if (given === null || expected.length === 0) {
    return false;
  }
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}
