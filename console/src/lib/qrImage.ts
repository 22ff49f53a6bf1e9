import QRCode from 'qrcode';

/**
 * Renders `text` as a QR code, client-side, into an SVG data URL for an `<img>` (the console's
 * CSP allows `data:` images; an SVG needs no canvas, so it renders in tests too).
 */
export async function qrImageDataUrl(text: string): Promise<string> {
  const svg = await QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
