/**
 * Reads a request or response body of at most `maxBytes`; resolves `null` as soon as it is longer
 * (checking `Content-Length` first, then counting the stream and cancelling it at the cap), so an
 * oversized body is never buffered whole.
 */
export async function readCappedBytes(
  message: { body: ReadableStream<Uint8Array> | null; headers: Headers },
  maxBytes: number,
): Promise<Uint8Array<ArrayBuffer> | null> {
  const declared = Number(message.headers.get('content-length') ?? Number.NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    await message.body?.cancel().catch(() => undefined);
    return null;
  }
  if (!message.body) {
    return new Uint8Array(0);
  }
  const reader = message.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) {
      break;
    }
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  // one ArrayBuffer of exactly `size` (not a pooled Buffer): usable as a fetch `BodyInit`
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return bytes;
}
