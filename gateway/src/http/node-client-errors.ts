import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { CLIENT_ERROR_CONTENT_TYPE, clientErrorBody } from './client-error-body';

/** The status and message node:http's own answer to a request it cannot parse would have. */
const CLIENT_ERRORS: Readonly<Record<string, { status: number; message: string }>> = {
  HPE_HEADER_OVERFLOW: {
    status: 431,
    message: 'Request URL or headers too large (over 16 KiB); send long operations with POST',
  },
  HPE_CHUNK_EXTENSIONS_OVERFLOW: { status: 413, message: 'Chunk extensions too large' },
  ERR_HTTP_REQUEST_TIMEOUT: { status: 408, message: 'Request timed out' },
};
const BAD_REQUEST = { status: 400, message: 'Malformed HTTP request' };

/** The raw HTTP answer to a request node:http's parser refused (`code` of its error). */
export function clientErrorResponse(code: string | undefined): string {
  const { status, message } = (code ? CLIENT_ERRORS[code] : undefined) ?? BAD_REQUEST;
  const body = clientErrorBody(message);
  return [
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}`,
    `Content-Type: ${CLIENT_ERROR_CONTENT_TYPE}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    'X-Content-Type-Options: nosniff',
    'Connection: close',
    '',
    body,
  ].join('\r\n');
}

/**
 * Answers what node:http refuses before any handler runs (a URL or headers over its 16 KiB
 * `maxHeaderSize`: 431; a malformed request: 400; headers too slow: 408) with the same status as
 * Node would, but with a JSON {@link clientErrorBody} instead of an empty body. Like Node, it
 * writes only when no response of the connection has started, then destroys the socket.
 */
export function answerClientErrorsAsJson(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // node:http's own condition (lib/_http_server.js socketOnError): no in-flight response whose
    // headers went out, so the bytes cannot corrupt an answer the peer is reading.
    const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (socket.writable && !inFlight?.headersSent) {
      socket.write(clientErrorResponse(error.code));
    }
    socket.destroy(error);
  });
}
