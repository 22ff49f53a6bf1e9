import type { IncomingMessage, ServerResponse } from 'node:http';
import { invalidBody, payloadTooLarge } from './errors';

const BODY_LIMIT = 1_048_576;

/** Reads the whole request body, rejecting with 413 past 1 MB. */
export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > BODY_LIMIT) {
        reject(payloadTooLarge());
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Parses a JSON or `application/x-www-form-urlencoded` body into a flat record. An empty body is
 * `{}`; a body without a content type is tried as JSON, then as a form.
 */
export function parseBody(raw: Buffer, contentType: string | undefined): Record<string, unknown> {
  const text = raw.toString('utf8');
  if (text.trim() === '') {
    return {};
  }
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  if (type.includes('json') || text.trimStart().startsWith('{')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw invalidBody('The body is not valid JSON');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw invalidBody('The JSON body must be an object');
    }
    return parsed as Record<string, unknown>;
  }
  return Object.fromEntries(new URLSearchParams(text));
}

/**
 * Writes a JSON reply. `malformed` (a fault) truncates the serialised body so it no longer
 * parses, while keeping the status and the JSON content type.
 */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  malformed = false,
) {
  const json = JSON.stringify(body) ?? 'null';
  const text = malformed ? json.slice(0, Math.max(1, Math.floor(json.length / 2))) : json;
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}
