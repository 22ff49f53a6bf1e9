import { describe, expect, it, vi } from 'vitest';
import { createIntents } from '../events';
import { codeOf, fakeWawp, makeService, session } from '../testing/sessions-fixtures';
import { WawpError } from '../wawp';
import { createSessionsPort } from './sessions-port';

const makePort = (wawp: Parameters<typeof fakeWawp>[0], floorMs?: number) => {
  const hub = { observe: vi.fn(async () => ({ events: [], accepted: true })) };
  const sessions = makeService({ wawp: fakeWawp(wawp), floorMs });
  const port = createSessionsPort({ sessions, hub, intents: createIntents() });
  return { port, hub };
};

describe('createSessionsPort', () => {
  it('reports 1,000 concurrent query reads to the hub once, as POLL', async () => {
    const getSessionInfo = vi.fn(async () => session('WORKING', { id: '1@c.us', pushName: 'Ann' }));
    const { port, hub } = makePort({ getSessionInfo });
    const states = await Promise.all(
      Array.from({ length: 1_000 }, () => port.getSession('AAAABBBBCCCC')),
    );
    expect(getSessionInfo).toHaveBeenCalledTimes(1);
    expect(hub.observe).toHaveBeenCalledTimes(1);
    expect(hub.observe).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'WORKING' }),
      'POLL',
    );
    expect(states[999]).toMatchObject({ status: 'WORKING', me: { pushName: 'Ann' }, stale: false });
  });

  it('returns null QR outside SCAN_QR_CODE without asking Wawp for one', async () => {
    const getQr = vi.fn(async () => {
      throw new WawpError({ kind: 'status_gate', route: 'auth/qr', message: 'gate' });
    });
    const { port } = makePort({ getQr });
    expect(await port.getQrCode('X')).toBeNull();
    expect(getQr).not.toHaveBeenCalled();
  });

  it('starts a STOPPED session before requesting a pairing code', async () => {
    const states = ['STOPPED', 'STARTING', 'SCAN_QR_CODE'] as const;
    let i = 0;
    const startSession = vi.fn(async () => session('STARTING'));
    const requestCode = vi.fn(async () => ({ code: 'ABCD-EFGH' }));
    const { port, hub } = makePort(
      {
        getSessionInfo: vi.fn(async () => session(states[Math.min(i++, 2)]!)),
        startSession,
        requestCode,
      },
      5,
    );
    expect(await port.requestPairingCode('X', '201145202826')).toEqual({
      code: 'ABCD-EFGH',
      expiresAt: null,
    });
    expect(startSession).toHaveBeenCalledTimes(1);
    expect(requestCode).toHaveBeenCalledWith('X', '201145202826', {});
    // every read on the way was reported: the action's answer as GATEWAY, the reads as POLL
    expect(hub.observe).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'STARTING' }),
      'GATEWAY',
    );
    expect(hub.observe).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'SCAN_QR_CODE' }),
      'POLL',
    );
  });

  it('refuses a pairing code for a WORKING session with SESSION_NOT_READY', async () => {
    const { port } = makePort({
      getSessionInfo: vi.fn(async () => session('WORKING', { id: '1@c.us', pushName: null })),
    });
    const error = await port.requestPairingCode('X', '201145202826').catch((e: unknown) => e);
    expect(codeOf(error)).toBe('SESSION_NOT_READY');
  });

  it('notes the intent of a logout before sending it', async () => {
    const intents = createIntents();
    const logoutSession = vi.fn(async () => {
      expect(intents.current('X')).toBe('logout');
      return session('STARTING');
    });
    const hub = { observe: vi.fn(async () => ({ events: [], accepted: true })) };
    const sessions = makeService({ wawp: fakeWawp({ logoutSession }) });
    await createSessionsPort({ sessions, hub, intents }).logout('X');
    expect(logoutSession).toHaveBeenCalledTimes(1);
    expect(hub.observe).toHaveBeenCalledWith(
      expect.objectContaining({ status: 'STARTING' }),
      'GATEWAY',
    );
  });

  it('peekSession answers held state without a Wawp call, and within the floor refreshes nothing', async () => {
    const getSessionInfo = vi.fn(async () => session('WORKING', { id: '1@c.us', pushName: 'Ann' }));
    const { port, hub } = makePort({ getSessionInfo }, 1_000);
    await port.getSession('X');
    const held = await Promise.all(Array.from({ length: 100 }, () => port.peekSession('X')));
    expect(getSessionInfo).toHaveBeenCalledTimes(1);
    expect(hub.observe).toHaveBeenCalledTimes(1);
    expect(held[99]).toMatchObject({ status: 'WORKING', stale: false });
  });

  it('peekSession marks held state older than the floor stale and refreshes it once in the background', async () => {
    let status: 'WORKING' | 'STOPPED' = 'WORKING';
    let release = () => {};
    const getSessionInfo = vi.fn(async () => {
      if (getSessionInfo.mock.calls.length > 1) {
        await new Promise<void>((resolve) => {
          release = resolve;
        });
      }
      return session(status);
    });
    const { port, hub } = makePort({ getSessionInfo }, 300);
    const first = await port.getSession('X');
    await new Promise((resolve) => setTimeout(resolve, 310));
    status = 'STOPPED';
    const held = await Promise.all(Array.from({ length: 100 }, () => port.peekSession('X')));
    // answered at once from what was held, without waiting for Wawp
    expect(held[0]).toEqual({ ...first, stale: true });
    expect(held[99]).toEqual({ ...first, stale: true });
    await vi.waitFor(() => expect(getSessionInfo).toHaveBeenCalledTimes(2));
    release();
    // the one background read is reported like any read, and becomes the held state
    await vi.waitFor(() =>
      expect(hub.observe).toHaveBeenLastCalledWith(
        expect.objectContaining({ status: 'STOPPED' }),
        'POLL',
      ),
    );
    expect(hub.observe).toHaveBeenCalledTimes(2);
    expect(await port.peekSession('X')).toMatchObject({ status: 'STOPPED', stale: false });
    expect(getSessionInfo).toHaveBeenCalledTimes(2);
  });

  it('peekSession of an instance nothing is held of waits for one shared read', async () => {
    const getSessionInfo = vi.fn(async () => session('SCAN_QR_CODE'));
    const { port, hub } = makePort({ getSessionInfo });
    const states = await Promise.all(Array.from({ length: 50 }, () => port.peekSession('X')));
    expect(states[49]).toMatchObject({ status: 'SCAN_QR_CODE', stale: false });
    expect(getSessionInfo).toHaveBeenCalledTimes(1);
    expect(hub.observe).toHaveBeenCalledTimes(1);
  });
});
