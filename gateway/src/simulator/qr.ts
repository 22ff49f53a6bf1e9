import { renderQrPng as drawQrPng } from '../lib/qr-png';

const cache = new Map<string, Promise<Buffer>>();
const CACHE_LIMIT = 64;

/**
 * Renders `value` as a QR PNG with the `qrcode` library. Renders are cached per value,
 * since every status read in SCAN_QR_CODE embeds the same image until the QR rotates.
 */
export function renderQrPng(value: string): Promise<Buffer> {
  const hit = cache.get(value);
  if (hit) {
    return hit;
  }
  const png = drawQrPng(value, { errorCorrectionLevel: 'M', margin: 2 });
  if (cache.size >= CACHE_LIMIT) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) {
      cache.delete(oldest);
    }
  }
  cache.set(value, png);
  png.catch(() => cache.delete(value));
  return png;
}

/** `data:image/png;base64,…` for the QR of `value`. */
export const renderQrDataUrl = async (value: string) =>
  `data:image/png;base64,${(await renderQrPng(value)).toString('base64')}`;

export { renderWorkingScreenshot } from './working-screenshot';
