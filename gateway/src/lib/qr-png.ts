import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { QRCodeErrorCorrectionLevel } from 'qrcode';

/** How a QR is drawn: its error correction, quiet zone (modules) and width (pixels). */
export interface QrPngOptions {
  errorCorrectionLevel: QRCodeErrorCorrectionLevel;
  margin: number;
  width?: number;
}

/** A worker not asked for a render this long exits, so an idle gateway keeps no thread. */
const IDLE_WORKER_MS = 30_000;

let pool: Piscina | undefined;

/**
 * Draws `value` as a QR PNG on a worker thread. A 264-pixel QR costs 10–16 ms of CPU in the
 * `qrcode` library; on the event loop that stalled every tenant's requests whenever any session
 * showed a new QR (test/e2e/noisy-neighbour.test.ts measured it).
 */
export async function renderQrPng(value: string, options: QrPngOptions): Promise<Buffer> {
  pool ??= new Piscina({
    filename: new URL('./qr-png-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: Math.max(1, availableParallelism() - 1),
    idleTimeout: IDLE_WORKER_MS,
  });
  const png: Uint8Array = await pool.run({ value, options });
  return Buffer.from(png.buffer, png.byteOffset, png.byteLength);
}

/** `data:image/png;base64,…` of {@link renderQrPng}. */
export const renderQrPngDataUrl = async (value: string, options: QrPngOptions) =>
  `data:image/png;base64,${(await renderQrPng(value, options)).toString('base64')}`;
