import { optionalString, requireRecord, WawpDecodeError } from './decode';
import type { WawpQr } from './types';

// Expiry may be unix ms, unix seconds or an ISO string; anything else means "unknown".
function toExpiry(value: unknown): Date | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    return new Date(value < 1e12 ? value * 1000 : value);
  }
  if (typeof value === 'string' && value.length > 0) {
    const ms = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
    return Number.isFinite(ms) ? toExpiry(ms) : null;
  }
  return null;
}

function fromBase64Json(data: string): unknown {
  try {
    return JSON.parse(Buffer.from(data, 'base64').toString('utf8'));
  } catch {
    throw new WawpDecodeError('auth/qr: data is not base64 JSON');
  }
}

/**
 * Decodes `auth/qr` in each documented variant: Wawp's `{mimetype, data}` where `data` is base64
 * of `{value, expiry?}`, WAHA's `{value}`, and `{qr}`. `expiry` is optional.
 * @see https://api.wawp.net/en/docs/v2/auth/qr
 */
export function decodeQr(body: unknown): WawpQr {
  let o = requireRecord(body, 'auth/qr');
  if (typeof o.data === 'string' && typeof o.value !== 'string') {
    const inner = fromBase64Json(o.data);
    o = requireRecord(inner, 'auth/qr data');
  }
  const value = optionalString(o.value) ?? optionalString(o.qr);
  if (value === null) {
    throw new WawpDecodeError('auth/qr: no QR value');
  }
  return { value, expiresAt: toExpiry(o.expiry ?? o.expiresAt ?? o.expires_at) };
}

/** Decodes `auth/qr-image`: `{qr: "data:image/png;base64,…"}`, or `{mimetype, data}`. */
export function decodeQrImage(body: unknown): { dataUrl: string } {
  const o = requireRecord(body, 'auth/qr-image');
  const qr = optionalString(o.qr);
  if (qr?.startsWith('data:')) {
    return { dataUrl: qr };
  }
  const data = optionalString(o.data);
  if (data?.startsWith('data:')) {
    return { dataUrl: data };
  }
  if (data !== null) {
    return { dataUrl: `data:${optionalString(o.mimetype) ?? 'image/png'};base64,${data}` };
  }
  throw new WawpDecodeError('auth/qr-image: no image');
}

/** Decodes `auth/request-code`: `{code: "ABCD-EFGH"}`. */
export function decodeCode(body: unknown): { code: string } {
  const code = optionalString(requireRecord(body, 'auth/request-code').code);
  if (code === null) {
    throw new WawpDecodeError('auth/request-code: no code');
  }
  return { code };
}

const DATA_URL = /^data:([^;,]+);base64,(.*)$/s;

/** Decodes `auth/screenshot`: `{mimetype, data}` with base64 `data`, or a data URL. */
export function decodeScreenshot(body: unknown): { mimeType: string; dataBase64: string } {
  const o = requireRecord(body, 'auth/screenshot');
  const data = optionalString(o.data) ?? optionalString(o.screenshot);
  const match = data === null ? null : DATA_URL.exec(data);
  if (match) {
    return { mimeType: match[1] ?? 'image/png', dataBase64: match[2] ?? '' };
  }
  if (data === null) {
    throw new WawpDecodeError('auth/screenshot: no image data');
  }
  return { mimeType: optionalString(o.mimetype) ?? 'image/png', dataBase64: data };
}
