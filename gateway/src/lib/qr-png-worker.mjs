// Runs in a worker thread of qr-png.ts's pool. Plain JavaScript so that a worker needs no
// TypeScript loader, whether the gateway runs under tsx or inside a test runner.
import QRCode from 'qrcode';

/** @param {{ value: string, options: import('qrcode').QRCodeToBufferOptions }} task */
export default async function renderQrPng({ value, options }) {
  const png = await QRCode.toBuffer(value, { ...options, type: 'png' });
  return png;
}
