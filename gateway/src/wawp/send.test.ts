import { describe, expect, it } from 'vitest';
import { createFakeFetch, type FakeAnswer, json, networkError } from '../testing/fake-fetch';
import type { WawpError } from './errors';
import { makeSessionInfoRequest, makeStartSessionRequest } from './requests';
import { createSend, type WawpRequestEvent } from './send';

const TOKEN = 'tok-secret-123';
const ids = { instanceId: 'A1B2C3D4E5F6', accessToken: TOKEN };

function setup(
  answer: () => FakeAnswer,
  overrides: { readMs?: number; maxBodyBytes?: number } = {},
) {
  const fake = createFakeFetch(answer);
  const events: WawpRequestEvent[] = [];
  const send = createSend({
    baseUrl: 'http://wawp.test/',
    accessToken: TOKEN,
    fetch: fake.fetch,
    readMs: overrides.readMs ?? 1_000,
    actionMs: 2_000,
    maxBodyBytes: overrides.maxBodyBytes ?? 1024 * 1024,
    onRequest: (e) => events.push(e),
  });
  return { ...fake, events, send };
}

async function failure(promise: Promise<unknown>): Promise<WawpError> {
  try {
    await promise;
  } catch (error) {
    return error as WawpError;
  }
  throw new Error('expected a failure');
}

describe('send', () => {
  it('sends the token in the header and body only, and resolves the parsed JSON', async () => {
    const { calls, send, events } = setup(() => json(201, { status: 'STARTING' }));
    await expect(send(makeStartSessionRequest(ids))).resolves.toEqual({ status: 'STARTING' });
    const call = calls[0]!;
    expect(call.url).toBe('http://wawp.test/v2/session/start?instance_id=A1B2C3D4E5F6');
    expect(call.url).not.toContain(TOKEN);
    expect(call.headers['access-token']).toBe(TOKEN);
    expect(call.headers['content-type']).toBe('application/json');
    expect(call.body).toMatchObject({ access_token: TOKEN });
    expect(events).toEqual([
      expect.objectContaining({ method: 'POST', route: 'session/start', status: 201 }),
    ]);
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });

  it('resolves null for an empty 200 body', async () => {
    const { send } = setup(() => new Response('', { status: 200 }));
    await expect(send(makeStartSessionRequest(ids))).resolves.toBeNull();
  });

  it('maps an HTML 200 to bad_response without quoting the body', async () => {
    const html = '<html><body>Gateway says hi tok-secret-123</body></html>';
    const { send } = setup(
      () => new Response(html, { status: 200, headers: { 'content-type': 'text/html' } }),
    );
    const error = await failure(send(makeSessionInfoRequest(ids)));
    expect(error).toMatchObject({ kind: 'bad_response', code: 'malformed_body', httpStatus: 200 });
    expect(error.message).not.toContain('Gateway says');
    expect(error.message).not.toContain(TOKEN);
  });

  it('maps truncated JSON to bad_response', async () => {
    const { send } = setup(() => new Response('{"status":"WOR', { status: 200 }));
    expect(await failure(send(makeSessionInfoRequest(ids)))).toMatchObject({
      kind: 'bad_response',
    });
  });

  it('maps an HTML 502 to upstream without quoting it', async () => {
    const { send } = setup(() => new Response('<h1>Bad gateway</h1>', { status: 502 }));
    const error = await failure(send(makeSessionInfoRequest(ids)));
    expect(error).toMatchObject({ kind: 'upstream', httpStatus: 502 });
    expect(error.message).not.toContain('Bad gateway');
  });

  it('refuses a body over the cap, declared or streamed', async () => {
    const big = `{"x":"${'a'.repeat(2048)}"}`;
    const declared = setup(() => new Response(big, { status: 200 }), { maxBodyBytes: 1024 });
    expect(await failure(declared.send(makeSessionInfoRequest(ids)))).toMatchObject({
      kind: 'bad_response',
      code: 'body_too_large',
    });
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(512).fill(97));
      },
    });
    const streamed = setup(() => new Response(stream, { status: 200 }), { maxBodyBytes: 1024 });
    expect(await failure(streamed.send(makeSessionInfoRequest(ids)))).toMatchObject({
      code: 'body_too_large',
    });
  });

  it('treats a 2xx that carries an error as a failure', async () => {
    const { send } = setup(() => json(200, { success: false, message: 'engine busy' }));
    const error = await failure(send(makeStartSessionRequest(ids)));
    expect(error).toMatchObject({ kind: 'upstream', httpStatus: 200 });
    expect(error.message).toContain('engine busy');
  });

  it('times out at the read deadline', async () => {
    const { send, events } = setup(() => 'hang', { readMs: 50 });
    const started = Date.now();
    const error = await failure(send(makeSessionInfoRequest(ids)));
    expect(error).toMatchObject({ kind: 'timeout', code: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(events[0]).toMatchObject({ status: null, error: 'timeout' });
  });

  it('reports a caller abort as timeout/aborted', async () => {
    const { send } = setup(() => 'hang');
    const controller = new AbortController();
    const pending = send(makeSessionInfoRequest(ids), controller.signal);
    controller.abort();
    expect(await failure(pending)).toMatchObject({ kind: 'timeout', code: 'aborted' });
  });

  it('maps a connection reset to upstream with the socket code', async () => {
    const { send } = setup(() => networkError('ECONNRESET'));
    const error = await failure(send(makeSessionInfoRequest(ids)));
    expect(error).toMatchObject({ kind: 'upstream', code: 'ECONNRESET', httpStatus: undefined });
  });

  it('keeps working when onRequest throws', async () => {
    const fake = createFakeFetch(() => json(200, { status: 'WORKING' }));
    const send = createSend({
      baseUrl: 'http://wawp.test',
      accessToken: TOKEN,
      fetch: fake.fetch,
      readMs: 1_000,
      actionMs: 1_000,
      maxBodyBytes: 1024,
      onRequest: () => {
        throw new Error('metrics down');
      },
    });
    await expect(send(makeSessionInfoRequest(ids))).resolves.toEqual({ status: 'WORKING' });
  });
});
