import { describe, expect, it, vi } from 'vitest';
import { type WawpClient, WawpError, type WawpSession } from '../wawp';
import { createSessionsService } from './sessions-service';

const session = (status: WawpSession['status'], me: WawpSession['me'] = null): WawpSession => ({
  instanceId: 'AAAABBBBCCCC',
  name: 'wawp-1',
  status,
  rawStatus: status,
  me,
  qr: null,
  webhooks: [],
});

const fakeWawp = (overrides: Partial<WawpClient>) =>
  ({
    getSessionInfo: vi.fn(async () => session('STOPPED')),
    ...overrides,
  }) as unknown as WawpClient;

const codeOf = (error: unknown) => (error as { extensions?: { code?: string } }).extensions?.code;

describe('createSessionsService', () => {
  it('answers 1,000 concurrent reads with one Wawp call and reports the observation', async () => {
    const getSessionInfo = vi.fn(async () => session('WORKING', { id: '1@c.us', pushName: 'Ann' }));
    const onObserved = vi.fn();
    const service = createSessionsService({ wawp: fakeWawp({ getSessionInfo }), onObserved });
    const states = await Promise.all(
      Array.from({ length: 1_000 }, () => service.getSession('AAAABBBBCCCC')),
    );
    expect(getSessionInfo).toHaveBeenCalledTimes(1);
    expect(onObserved).toHaveBeenCalledTimes(1);
    expect(states[999]).toMatchObject({ status: 'WORKING', me: { pushName: 'Ann' }, stale: false });
  });

  it('maps Wawp failures to the gateway error table without upstream text', async () => {
    const fail = (init: ConstructorParameters<typeof WawpError>[0]) =>
      createSessionsService({
        wawp: fakeWawp({
          getSessionInfo: vi.fn(async () => {
            throw new WawpError(init);
          }),
        }),
      }).getSession('X');
    await expect(
      fail({ kind: 'not_found', route: 'session/info', message: 'm' }),
    ).rejects.toSatisfy((e) => codeOf(e) === 'NOT_FOUND');
    await expect(fail({ kind: 'auth', route: 'session/info', message: 'm' })).rejects.toSatisfy(
      (e) => codeOf(e) === 'UPSTREAM_AUTH_FAILED',
    );
    await expect(
      fail({ kind: 'rate_limited', route: 'session/info', message: 'm', retryAfterMs: 2_000 }),
    ).rejects.toSatisfy((e) => codeOf(e) === 'RATE_LIMITED');
    await expect(
      fail({ kind: 'timeout', route: 'session/info', message: 'secret-ish' }),
    ).rejects.toSatisfy(
      (e) =>
        codeOf(e) === 'UPSTREAM_UNAVAILABLE' && !String((e as Error).message).includes('secret'),
    );
  });

  it('serves the last known state marked stale while Wawp is down, and reports health changes', async () => {
    let down = false;
    const onHealthChange = vi.fn();
    const service = createSessionsService({
      floorMs: 0,
      onHealthChange,
      wawp: fakeWawp({
        getSessionInfo: vi.fn(async () => {
          if (down) {
            throw new WawpError({ kind: 'upstream', route: 'session/info', message: '502' });
          }
          return session('WORKING', { id: '1@c.us', pushName: null });
        }),
      }),
    });
    expect((await service.getSession('X')).stale).toBe(false);
    down = true;
    const stale = await service.poll('X', 0);
    expect(stale).toMatchObject({ status: 'WORKING', stale: true });
    expect(onHealthChange).toHaveBeenCalledWith(false, expect.stringContaining('upstream'));
    down = false;
    await service.poll('X', 0);
    expect(onHealthChange).toHaveBeenLastCalledWith(true, expect.any(String));
  });

  it('returns null QR outside SCAN_QR_CODE and answers QR_REFRESHING after one retry on 422', async () => {
    const getQr = vi.fn(async () => {
      throw new WawpError({
        kind: 'status_gate',
        route: 'auth/qr',
        message: 'gate',
        sessionStatus: 'STARTING',
      });
    });
    const stopped = createSessionsService({ wawp: fakeWawp({ getQr }) });
    expect(await stopped.getQrCode('X')).toBeNull();

    const scanning = createSessionsService({
      floorMs: 10,
      wawp: fakeWawp({ getSessionInfo: vi.fn(async () => session('SCAN_QR_CODE')), getQr }),
    });
    const error = await scanning.getQrCode('X').catch((e: unknown) => e);
    expect(codeOf(error)).toBe('QR_REFRESHING');
    expect(
      (error as { extensions: { retryAfterMs: number } }).extensions.retryAfterMs,
    ).toBeGreaterThan(0);
    expect(getQr).toHaveBeenCalledTimes(2);
  });

  it('renders the QR image locally from the raw value (one upstream call)', async () => {
    const getQr = vi.fn(async () => ({
      value: '2@abc,def,ghi,jkl',
      expiresAt: new Date(Date.now() + 60_000),
    }));
    const service = createSessionsService({
      wawp: fakeWawp({ getSessionInfo: vi.fn(async () => session('SCAN_QR_CODE')), getQr }),
    });
    const qr = await service.getQrCode('X');
    expect(qr?.value).toBe('2@abc,def,ghi,jkl');
    expect(qr?.imageDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(await service.getQrCode('X')).toBe(qr);
    expect(getQr).toHaveBeenCalledTimes(1);
  });

  it('starts a STOPPED session before requesting a pairing code', async () => {
    const states = ['STOPPED', 'STARTING', 'SCAN_QR_CODE'] as const;
    let i = 0;
    const startSession = vi.fn(async () => session('STARTING'));
    const requestCode = vi.fn(async () => ({ code: 'ABCD-EFGH' }));
    const service = createSessionsService({
      floorMs: 5,
      wawp: fakeWawp({
        getSessionInfo: vi.fn(async () => session(states[Math.min(i++, 2)]!)),
        startSession,
        requestCode,
      }),
    });
    expect(await service.requestPairingCode('X', '201145202826')).toEqual({
      code: 'ABCD-EFGH',
      expiresAt: null,
    });
    expect(startSession).toHaveBeenCalledTimes(1);
    expect(requestCode).toHaveBeenCalledWith('X', '201145202826');
  });

  it('refuses a pairing code for a WORKING session with SESSION_NOT_READY', async () => {
    const service = createSessionsService({
      wawp: fakeWawp({
        getSessionInfo: vi.fn(async () => session('WORKING', { id: '1@c.us', pushName: null })),
      }),
    });
    const error = await service.requestPairingCode('X', '201145202826').catch((e: unknown) => e);
    expect(codeOf(error)).toBe('SESSION_NOT_READY');
  });
});
