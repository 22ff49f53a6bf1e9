import { PNG } from 'pngjs';
import { describe, expect, it, vi } from 'vitest';
import { decodeQr } from '../testing/simulator-fixtures';
import { renderQrPng, renderQrPngDataUrl } from './qr-png';

// The main thread's qrcode refuses to draw: a render that works came from the worker thread.
vi.mock('qrcode', () => {
  const refuse = () => {
    throw new Error('qrcode was called on the main thread');
  };
  return { default: { toBuffer: refuse, toDataURL: refuse, create: refuse } };
});

describe('renderQrPng', () => {
  it('draws a readable QR of the value off the event loop, at the asked width', async () => {
    const value = `2@${'k'.repeat(120)},pairing-ref`;
    const png = await renderQrPng(value, { errorCorrectionLevel: 'L', margin: 2, width: 264 });
    expect(Buffer.isBuffer(png)).toBe(true);
    expect(PNG.sync.read(png).width).toBe(264);
    expect(decodeQr(png)).toBe(value);
  });

  it('serves concurrent renders, each its own value', async () => {
    const values = Array.from({ length: 6 }, (_, i) => `qr-value-${i}`);
    const urls = await Promise.all(
      values.map((v) => renderQrPngDataUrl(v, { errorCorrectionLevel: 'M', margin: 2 })),
    );
    expect(urls.every((url) => url.startsWith('data:image/png;base64,'))).toBe(true);
    expect(urls.map((url) => decodeQr(url))).toEqual(values);
  });
});
