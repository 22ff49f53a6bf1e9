import { describe, expect, it, vi } from 'vitest';
import type { ConnectApi, SessionResult } from './api';
import { openPageSession, tokenFromPath } from './pageToken';
import { SESSION } from './testing/session';

const fakeApi = (result: SessionResult) => {
  const calls: string[] = [];
  const api: ConnectApi = {
    exchange: vi.fn(async (token: string) => {
      calls.push(`exchange ${token}`);
      return result;
    }),
    current: vi.fn(async () => {
      calls.push('current');
      return result;
    }),
  };
  return { api, calls };
};

describe('openPageSession', () => {
  it('reads the token from /connect/<token> only', () => {
    expect(tokenFromPath('/connect/wcl_abc')).toBe('wcl_abc');
    expect(tokenFromPath('/connect/wcl_abc/')).toBe('wcl_abc');
    expect(tokenFromPath('/connect')).toBeNull();
    expect(tokenFromPath('/connect/')).toBeNull();
    expect(tokenFromPath('/connect/a/b')).toBeNull();
  });

  it('trades the token, then takes it out of the address bar', async () => {
    const { api, calls } = fakeApi({ kind: 'session', session: SESSION });
    const history = {
      replaceState: vi.fn((_data: unknown, _unused: string, url?: string | URL | null) => {
        calls.push(`replace ${url}`);
      }),
    };
    const result = await openPageSession(api, { pathname: '/connect/wcl_abc' }, history);
    expect(result).toEqual({ kind: 'session', session: SESSION });
    expect(calls).toEqual(['exchange wcl_abc', 'replace /connect']);
    expect(history.replaceState).toHaveBeenCalledWith(null, '', '/connect');
  });

  it('uses the cookie after a reload, and keeps the token when the server was not reached', async () => {
    const reload = fakeApi({ kind: 'session', session: SESSION });
    const history = { replaceState: vi.fn() };
    await openPageSession(reload.api, { pathname: '/connect' }, history);
    expect(reload.calls).toEqual(['current']);
    const offline = fakeApi({ kind: 'unreachable' });
    await openPageSession(offline.api, { pathname: '/connect/wcl_abc' }, history);
    expect(history.replaceState).not.toHaveBeenCalled();
    const unknown = fakeApi({ kind: 'unknown' });
    await openPageSession(unknown.api, { pathname: '/connect/wcl_bad' }, history);
    expect(history.replaceState).toHaveBeenCalledOnce();
  });
});
