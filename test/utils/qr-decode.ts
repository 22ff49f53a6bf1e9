import jsQR from 'jsqr';
import { PNG } from 'pngjs';

/** Decodes the QR code in a `data:image/png;base64,…` URL (or raw base64 PNG); null if none. */
export function decodeQrPng(dataUrlOrBase64: string): string | null {
  const base64 = dataUrlOrBase64.replace(/^data:image\/png;base64,/, '');
  const png = PNG.sync.read(Buffer.from(base64, 'base64'));
  const code = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  return code?.data ?? null;
}
