import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ErrorCode } from '@wawp-gateway/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { answerClientErrorsAsJson, clientErrorResponse } from './node-client-errors';

const servers: ReturnType<typeof createServer>[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))),
  );
});

async function listen() {
  const server = createServer((_req, res) => res.end('ok'));
  servers.push(server);
  answerClientErrorsAsJson(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('clientErrorResponse', () => {
  it('keeps the status node:http would send, with a coded JSON body', () => {
    const response = clientErrorResponse('HPE_HEADER_OVERFLOW');
    expect(response).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(clientErrorResponse('ERR_HTTP_REQUEST_TIMEOUT')).toMatch(/^HTTP\/1\.1 408 /);
    expect(clientErrorResponse('HPE_INVALID_METHOD')).toMatch(/^HTTP\/1\.1 400 /);
    const body = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4));
    expect(body.errors[0].extensions.code).toBe(ErrorCode.BadUserInput);
  });
});

describe('answerClientErrorsAsJson', () => {
  it('answers a URL over 16 KiB with 431 and a JSON body', async () => {
    const url = await listen();
    const response = await fetch(`${url}/graphql?query=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect(await response.json()).toMatchObject({
      errors: [{ extensions: { code: ErrorCode.BadUserInput } }],
    });
  });

  it('also on a kept-alive connection that already answered', async () => {
    const url = await listen();
    expect(await (await fetch(`${url}/`)).text()).toBe('ok');
    const response = await fetch(`${url}/?q=${'x'.repeat(20_000)}`);
    expect(response.status).toBe(431);
    expect((await response.json()).errors[0].extensions.code).toBe(ErrorCode.BadUserInput);
  });
});
