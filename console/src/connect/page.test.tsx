import { render, screen } from '@solidjs/testing-library';
import { CloseCode } from '@wawp-gateway/schema/protocol';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../testing/fakeSocket';
import { createConnectApi } from './api';
import { ConnectApp } from './ConnectApp';
import { createConnectClient } from './client';
import { openPageSession } from './pageToken';
import { json, SESSION, session } from './testing/session';

const ORIGIN = 'https://gw.example';
const flush = () => vi.advanceTimersByTimeAsync(0);

/** The page as index.tsx wires it, against a fake server and socket. */
function renderPage() {
  let linkState: 'active' | 'revoked' = 'active';
  const fetch = vi.fn(async (url: RequestInfo | URL, _init?: RequestInit) => {
    if (String(url).endsWith('/connect/session')) {
      return json(200, session({ state: linkState }));
    }
    return json(200, { data: { startSession: { status: 'STARTING' } } });
  });
  const history = { replaceState: vi.fn() };
  const api = createConnectApi({ origin: ORIGIN, fetch });
  render(() => (
    <ConnectApp
      open={() => openPageSession(api, { pathname: '/connect/wcl_secret' }, history)}
      recheck={api.current}
      makeClient={(onLinkEnded) =>
        createConnectClient({ origin: ORIGIN, onLinkEnded, fetch, webSocketImpl: FakeSocket })
      }
    />
  ));
  return { fetch, history, revoke: () => (linkState = 'revoked') };
}

const snapshot = (status: string) => ({
  sessionEvents: {
    __typename: 'SessionSnapshot',
    cursor: 'c1',
    instanceId: SESSION.instanceId,
    session: { status, me: null },
    qrCode: null,
  },
});

describe('the connect page', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    FakeSocket.rejectWith = null;
  });
  afterEach(() => vi.useRealTimers());

  it('sends the token once, in a POST body, and never in a later URL or header', async () => {
    const page = renderPage();
    await flush();
    await flush();
    expect(page.history.replaceState).toHaveBeenCalledWith(null, '', '/connect');
    const socket = FakeSocket.instances[0];
    const [subscribe] = socket?.subscribes() ?? [];
    socket?.receive({ type: 'next', id: subscribe?.id, payload: { data: snapshot('STOPPED') } });
    await flush();
    const calls = page.fetch.mock.calls.map(([url, init]) => ({
      url: String(url),
      method: init?.method,
      headers: JSON.stringify(init?.headers ?? {}),
      body: String(init?.body ?? ''),
    }));
    expect(calls.map((call) => `${call.method} ${call.url}`)).toEqual([
      'POST https://gw.example/connect/session',
      'POST https://gw.example/connect/graphql',
    ]);
    expect(calls[0]?.body).toContain('wcl_secret');
    expect(calls[1]?.body).toContain('ConnectStartSession');
    for (const call of calls.slice(1)) {
      expect(call.url + call.headers + call.body).not.toContain('wcl_secret');
      expect(call.headers).not.toContain('authorization'); // the cookie is the credential
    }
    expect(socket?.url).toBe('wss://gw.example/connect/graphql');
    expect(JSON.stringify(socket?.sent)).not.toContain('wcl_secret');
  });

  it('re-checks the link when the server ends the stream with 4403', async () => {
    const page = renderPage();
    await flush();
    await flush();
    const socket = FakeSocket.instances[0];
    page.revoke();
    socket?.close(CloseCode.Forbidden, 'Forbidden');
    await flush();
    await flush();
    expect(screen.getByRole('status').textContent).toBe('This link is no longer valid');
    const gets = page.fetch.mock.calls.filter(([, init]) => init?.method === 'GET');
    expect(gets).toHaveLength(1);
    expect(String(gets[0]?.[0])).toBe('https://gw.example/connect/session');
  });
});
