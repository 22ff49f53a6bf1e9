import { describe, expect, it, vi } from 'vitest';
import { createConnectApi } from './api';
import { json, SESSION } from './testing/session';

const fakeFetch = (response: () => Response | Promise<Response>) =>
  vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => response());

describe('createConnectApi', () => {
  it('trades the token in a POST body, never in the URL', async () => {
    const fetch = fakeFetch(() => json(200, SESSION));
    const api = createConnectApi({ origin: 'https://gw.example', fetch });
    expect(await api.exchange('wcl_secret')).toEqual({ kind: 'session', session: SESSION });
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(String(url)).toBe('https://gw.example/connect/session');
    expect(init?.method).toBe('POST');
    expect(JSON.parse(String(init?.body))).toEqual({ token: 'wcl_secret' });
  });

  it('reads the session with the cookie, or with the bearer token for the widget', async () => {
    const fetch = fakeFetch(() => json(200, SESSION));
    await createConnectApi({ origin: 'https://gw.example', fetch }).current();
    await createConnectApi({ origin: 'https://gw.example', fetch, bearer: 'wcl_x' }).current();
    const [[url, cookie], [, bearer]] = fetch.mock.calls as [
      [unknown, RequestInit],
      [unknown, RequestInit],
    ];
    expect(String(url)).toBe('https://gw.example/connect/session');
    expect(cookie.method).toBe('GET');
    expect(cookie.headers).not.toHaveProperty('authorization');
    expect(bearer.headers).toMatchObject({ authorization: 'Bearer wcl_x' });
  });

  it('maps 404 and 401 to unknown, 403 to the server’s message, the rest to unreachable', async () => {
    const answer = async (response: Response | Error) => {
      const fetch = fakeFetch(() => {
        if (response instanceof Error) {
          throw response;
        }
        return response;
      });
      return createConnectApi({ origin: 'https://gw.example', fetch }).current();
    };
    expect(await answer(json(404, { state: 'unknown' }))).toEqual({ kind: 'unknown' });
    expect(await answer(json(401, { state: 'unknown' }))).toEqual({ kind: 'unknown' });
    expect(await answer(json(403, { error: 'Origin not allowed' }))).toEqual({
      kind: 'refused',
      message: 'Origin not allowed',
    });
    expect(await answer(json(502, {}))).toEqual({ kind: 'unreachable' });
    expect(await answer(json(200, { nonsense: true }))).toEqual({ kind: 'unreachable' });
    expect(await answer(new TypeError('offline'))).toEqual({ kind: 'unreachable' });
  });
});
