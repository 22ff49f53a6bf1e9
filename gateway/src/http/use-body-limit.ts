import { createGraphQLError, type Plugin } from 'graphql-yoga';
import { readCappedBytes } from '../lib/read-capped-bytes';
import { LIMITS } from './limits';

const tooLarge = () =>
  createGraphQLError('Request body too large', {
    extensions: { http: { status: 413 }, code: 'REQUEST_ENTITY_TOO_LARGE' },
  });

const badLength = () =>
  createGraphQLError('Content-Length header is invalid.', {
    extensions: { http: { status: 400 }, code: 'BAD_REQUEST' },
  });

/** One non-negative integer; anything else (lists, signs, smuggling attempts) is refused. */
const CONTENT_LENGTH = /^\d+$/;

/** The body of `request` read whole, failing past `limit` bytes. */
async function readCapped(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer>> {
  const bytes = await readCappedBytes(request, limit);
  if (bytes === null) {
    throw tooLarge();
  }
  return bytes;
}

/**
 * The GraphQL request body limit, in place of yoga's own (`maxRequestBodySize: false`), which
 * pipes every body through a `TransformStream` to count it, even when `Content-Length` already
 * bounds it; that pipe (and the AbortController it aborts when done) was a measurable share of
 * a cached read's CPU.
 *
 * - A declared `Content-Length` is checked and trusted: node:http frames the body by it, so no
 *   more bytes than declared can reach the parser (`createRequestListener` also refuses
 *   oversized and chunked bodies before yoga).
 * - Without one (a chunked body, or a `Request` handed to yoga directly), the body is read
 *   with a running count and refused past `limit`, as yoga did.
 *
 * It must come after the request parsers (yoga registers its own before user plugins), so it
 * wraps whichever parser was chosen.
 */
export function useBodyLimit(limit: number = LIMITS.bodyBytes): Plugin {
  return {
    onRequestParse({ request, requestParser, setRequestParser, fetchAPI }) {
      const declared = request.headers.get('content-length');
      if (declared !== null) {
        if (!CONTENT_LENGTH.test(declared)) {
          throw badLength();
        }
        if (Number(declared) > limit) {
          throw tooLarge();
        }
        return;
      }
      if (requestParser == null || request.body == null) {
        return;
      }
      const parse = requestParser;
      setRequestParser(async (original) =>
        parse(
          new fetchAPI.Request(original.url, {
            method: original.method,
            headers: original.headers,
            signal: original.signal,
            body: await readCapped(original, limit),
          }),
        ),
      );
    },
  };
}
