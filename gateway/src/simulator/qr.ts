import { renderQrPng as drawQrPng } from '../lib/qr-png';
import { cachedImages } from './image-cache';

/**
 * Renders `value` as a QR PNG with the `qrcode` library (off the event loop). Renders are
 * cached per value, since every status read in SCAN_QR_CODE embeds the same image until the QR
 * rotates.
 */
export const renderQrPng = cachedImages((value) =>
  drawQrPng(value, { errorCorrectionLevel: 'M', margin: 2 }),
);

/** `data:image/png;base64,…` for the QR of `value`. */
export const renderQrDataUrl = async (value: string) =>
  `data:image/png;base64,${(await renderQrPng(value)).toString('base64')}`;

export { renderWorkingScreenshot } from './working-screenshot';
