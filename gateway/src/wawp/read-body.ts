import { readCappedBytes } from '../lib/read-capped-bytes';

/** One mebibyte: no documented Wawp body comes close (a QR PNG is a few KiB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** Thrown by {@link readCappedText} when a body exceeds the cap; the stream is cancelled. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * Reads a response body as UTF-8 text, refusing anything over `maxBytes` without buffering it:
 * the `Content-Length` is checked first, then the stream is counted and cancelled at the cap.
 */
export async function readCappedText(res: Response, maxBytes = MAX_BODY_BYTES): Promise<string> {
  const bytes = await readCappedBytes(res, maxBytes);
  if (bytes === null) {
    throw new BodyTooLargeError(`body exceeds ${maxBytes} bytes`);
  }
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
}
