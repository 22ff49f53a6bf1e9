import { describe, expect, it, vi } from 'vitest';
import { codeOf, fakeWawp, makeService, session } from '../testing/sessions-fixtures';
import { WawpError } from '../wawp';
import { isClaimedElsewhereRefusal } from './map-wawp-error';
import { createSessionsService } from './sessions-service';
import { createUpstreamHealth } from './upstream-health';

describe('createSessionsService', () => {
  it('answers 1,000 concurrent reads with one Wawp call, marked fresh for one caller', async () => {
    const getSessionInfo = vi.fn(async () => session('WORKING', { id: '1@c.us', pushName: 'Ann' }));
    const service = makeService({ wawp: fakeWawp({ getSessionInfo }) });
    const reads = await Promise.all(
      Array.from({ length: 1_000 }, () => service.readSession('AAAABBBBCCCC')),
    );
    expect(getSessionInfo).toHaveBeenCalledTimes(1);
    expect(reads.filter((read) => read.fresh)).toHaveLength(1);
    expect(reads[999]?.state).toMatchObject({
      status: 'WORKING',
      me: { pushName: 'Ann' },
      stale: false,
    });
  });

  it('maps Wawp failures to the gateway error table without upstream text', async () => {
    const fail = (init: ConstructorParameters<typeof WawpError>[0]) =>
      makeService({
        wawp: fakeWawp({
          getSessionInfo: vi.fn(async () => {
            throw new WawpError(init);
          }),
        }),
      }).readSession('X');
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
    const health = createUpstreamHealth();
    health.onChange(onHealthChange);
    const service = createSessionsService({
      floorMs: 0,
      health,
      wawp: fakeWawp({
        getSessionInfo: vi.fn(async () => {
          if (down) {
            throw new WawpError({ kind: 'upstream', route: 'session/info', message: '502' });
          }
          return session('WORKING', { id: '1@c.us', pushName: null });
        }),
      }),
    });
    expect((await service.readSession('X')).state.stale).toBe(false);
    down = true;
    const stale = await service.readSession('X', 0);
    expect(stale).toMatchObject({ state: { status: 'WORKING', stale: true }, fresh: false });
    // one failure is not an outage; three within the window are
    expect(onHealthChange).not.toHaveBeenCalled();
    await service.readSession('X', 0);
    await service.readSession('X', 0);
    expect(onHealthChange).toHaveBeenCalledWith({
      instanceId: 'X',
      healthy: false,
      detail: expect.stringContaining('upstream'),
    });
    expect(health.healthy('X')).toBe(false);
    expect(health.healthy('Y')).toBe(true);
    down = false;
    await service.readSession('X', 0);
    expect(health.healthy('X')).toBe(false);
    await service.readSession('X', 0);
    expect(onHealthChange).toHaveBeenLastCalledWith({
      instanceId: 'X',
      healthy: true,
      detail: expect.any(String),
    });
  });

  it('never counts its own refusals (open breaker, full queue, abort) as Wawp failures', async () => {
    const health = createUpstreamHealth({ failuresToDown: 1 });
    const codes = ['circuit_open', 'bulkhead_full', 'aborted', 'paced', 'pacing_failed'];
    let n = 0;
    const service = createSessionsService({
      floorMs: 0,
      health,
      wawp: fakeWawp({
        getSessionInfo: vi.fn(async () => {
          const code = codes[n++ % codes.length] as string;
          throw new WawpError({ kind: 'upstream', route: 'session/info', code, message: code });
        }),
      }),
    });
    for (let i = 0; i < 10; i++) {
      await service.readSession('X', 0).catch(() => undefined);
    }
    expect(health.healthy('X')).toBe(true);
    expect(health.healthy()).toBe(true);
  });

  it('refuses a read claimed elsewhere only to the caller that asked; one sharing it reads again', async () => {
    const modes: (string | undefined)[] = [];
    const service = createSessionsService({
      floorMs: 0,
      health: createUpstreamHealth(),
      wawp: fakeWawp({
        getSessionInfo: vi.fn(async (_id: string, o?: { claimedElsewhere?: string }) => {
          modes.push(o?.claimedElsewhere);
          await new Promise((resolve) => setTimeout(resolve, 20));
          if (o?.claimedElsewhere === 'refuse') {
            const message = 'Wawp session/info skipped: another replica reads it';
            throw new WawpError({
              kind: 'upstream',
              route: 'session/info',
              code: 'claimed_elsewhere',
              message,
            });
          }
          return session('WORKING', { id: '1@c.us', pushName: null });
        }),
      }),
    });
    const cold = service.readSession('X', 0, { claimedElsewhere: 'refuse' });
    const query = service.readSession('X'); // shares the refusing read
    const [refused, answered] = await Promise.allSettled([cold, query]);
    expect(refused.status === 'rejected' && isClaimedElsewhereRefusal(refused.reason)).toBe(true);
    expect(answered).toMatchObject({
      status: 'fulfilled',
      value: { state: { status: 'WORKING' } },
    });
    expect(modes).toEqual(['refuse', undefined]);
  });

  it('answers the last state, stale, when another replica kept the read (pacing)', async () => {
    let paced = false;
    const service = createSessionsService({
      floorMs: 0,
      health: createUpstreamHealth(),
      wawp: fakeWawp({
        getSessionInfo: vi.fn(async () => {
          if (paced) {
            const message = 'Wawp session/info skipped: other replicas keep reading it';
            throw new WawpError({
              kind: 'upstream',
              route: 'session/info',
              code: 'paced',
              message,
              retryAfterMs: 2_000,
            });
          }
          return session('WORKING', { id: '1@c.us', pushName: null });
        }),
      }),
    });
    await expect(service.readSession('X', 0)).resolves.toMatchObject({ fresh: true });
    paced = true;
    const { state } = await service.readSession('X', 0);
    expect(state).toMatchObject({ status: 'WORKING', stale: true });
    await expect(service.readSession('Y', 0)).rejects.toMatchObject({
      message: 'Other gateway replicas kept reading this session from Wawp; try again shortly',
      extensions: { code: 'UPSTREAM_UNAVAILABLE', retryAfterMs: 2_000 },
    });
  });

  it('waits for a slot when asked, where a full queue otherwise fails the read at once', async () => {
    let refusals = 0;
    const getSessionInfo = vi.fn(async () => {
      if (refusals > 0) {
        refusals -= 1;
        throw new WawpError({
          kind: 'upstream',
          route: 'session/info',
          code: 'bulkhead_full',
          message: 'full',
        });
      }
      return session('STOPPED');
    });
    const service = makeService({ floorMs: 0, wawp: fakeWawp({ getSessionInfo }) });
    refusals = 1;
    const refused = await service.readSession('X', 0).catch((error: unknown) => error);
    expect(codeOf(refused)).toBe('UPSTREAM_UNAVAILABLE');
    expect((refused as Error).message).toBe(
      'The gateway has too many Wawp calls waiting; try again shortly',
    );
    refusals = 3;
    await expect(service.readSession('Y', 0, { waitForSlot: true })).resolves.toMatchObject({
      state: { status: 'STOPPED' },
      fresh: true,
    });
    expect(getSessionInfo).toHaveBeenCalledTimes(5);
    // Wawp's own failures are not waited out: only the gateway's full queue is
    getSessionInfo.mockRejectedValueOnce(
      new WawpError({ kind: 'upstream', route: 'session/info', message: '503', httpStatus: 503 }),
    );
    await expect(service.readSession('Z', 0, { waitForSlot: true })).rejects.toSatisfy(
      (e) => codeOf(e) === 'UPSTREAM_UNAVAILABLE',
    );
    expect(getSessionInfo).toHaveBeenCalledTimes(6);
  });

  it('cancels a shared read once every caller waiting for it has gone', async () => {
    let aborted: AbortSignal | undefined;
    const getSessionInfo = vi.fn(
      (_id: string, options?: { signal?: AbortSignal }) =>
        new Promise<never>((_resolve, reject) => {
          aborted = options?.signal;
          options?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    const service = createSessionsService({
      floorMs: 0,
      health: createUpstreamHealth(),
      wawp: fakeWawp({ getSessionInfo }),
    });
    const first = new AbortController();
    const second = new AbortController();
    const a = service.readSession('X', 0, { signal: first.signal });
    const b = service.readSession('X', 0, { signal: second.signal });
    await vi.waitFor(() => expect(getSessionInfo).toHaveBeenCalledTimes(1));
    first.abort();
    await expect(a).rejects.toBeDefined();
    expect(aborted?.aborted).toBe(false);
    second.abort();
    await expect(b).rejects.toBeDefined();
    expect(aborted?.aborted).toBe(true);
  });

  it('answers QR_REFRESHING after one retry on 422', async () => {
    const getQr = vi.fn(async () => {
      throw new WawpError({
        kind: 'status_gate',
        route: 'auth/qr',
        message: 'gate',
        sessionStatus: 'STARTING',
      });
    });
    const scanning = makeService({
      floorMs: 10,
      wawp: fakeWawp({ getSessionInfo: vi.fn(async () => session('SCAN_QR_CODE')), getQr }),
    });
    const error = await scanning.readQrCode('X').catch((e: unknown) => e);
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
    const service = makeService({
      wawp: fakeWawp({ getSessionInfo: vi.fn(async () => session('SCAN_QR_CODE')), getQr }),
    });
    const qr = await service.readQrCode('X');
    expect(qr.value).toBe('2@abc,def,ghi,jkl');
    expect(qr.imageDataUrl).toMatch(/^data:image\/png;base64,/);
    expect(await service.readQrCode('X')).toBe(qr);
    expect(getQr).toHaveBeenCalledTimes(1);
  });

  it('answers 1,000 concurrent screenshot reads with one Wawp call, then keeps the floor', async () => {
    const getScreenshot = vi.fn(async () => ({ mimeType: 'image/png', dataBase64: 'AAA' }));
    const service = makeService({ floorMs: 50, wawp: fakeWawp({ getScreenshot }) });
    const shots = await Promise.all(
      Array.from({ length: 1_000 }, () => service.readScreenshot('X')),
    );
    expect(getScreenshot).toHaveBeenCalledTimes(1);
    expect(new Set(shots).size).toBe(1);
    expect(shots[0]).toMatchObject({ dataUrl: 'data:image/png;base64,AAA' });
    // within the floor: the cached answer, no second call
    expect(await service.readScreenshot('X')).toBe(shots[0]);
    expect(getScreenshot).toHaveBeenCalledTimes(1);
    // other instances have their own gate
    await service.readScreenshot('Y');
    expect(getScreenshot).toHaveBeenCalledTimes(2);
    // past the floor: read again
    await new Promise((resolve) => setTimeout(resolve, 60));
    await service.readScreenshot('X');
    expect(getScreenshot).toHaveBeenCalledTimes(3);
  });

  it('never sends two screenshot reads of one instance within the floor, even after an action', async () => {
    const sent: number[] = [];
    const getScreenshot = vi.fn(async () => {
      sent.push(Date.now());
      return { mimeType: 'image/png', dataBase64: 'AAA' };
    });
    const service = makeService({
      floorMs: 80,
      wawp: fakeWawp({ getScreenshot, stopSession: vi.fn(async () => session('STOPPED')) }),
    });
    await service.readScreenshot('X');
    await service.act('X', 'stop'); // the cached shot is out of date, the floor still holds
    await service.readScreenshot('X');
    expect(getScreenshot).toHaveBeenCalledTimes(2);
    expect(sent[1]! - sent[0]!).toBeGreaterThanOrEqual(75);
  });

  it('caches a null screenshot (no route for this status) like any answer', async () => {
    const getScreenshot = vi.fn(async () => {
      throw new WawpError({ kind: 'not_found', route: 'auth/screenshot', message: 'm' });
    });
    const service = makeService({ wawp: fakeWawp({ getScreenshot }) });
    expect(await Promise.all([service.readScreenshot('X'), service.readScreenshot('X')])).toEqual([
      null,
      null,
    ]);
    expect(await service.readScreenshot('X')).toBeNull();
    expect(getScreenshot).toHaveBeenCalledTimes(1);
  });

  it('answers 1,000 concurrent me reads with one Wawp call, cached for the floor', async () => {
    const getMe = vi.fn(async () => ({ id: '1@c.us', pushName: 'Ann' }));
    const service = makeService({ floorMs: 50, wawp: fakeWawp({ getMe }) });
    const accounts = await Promise.all(Array.from({ length: 1_000 }, () => service.readMe('X')));
    expect(getMe).toHaveBeenCalledTimes(1);
    expect(accounts[999]).toEqual({ id: '1@c.us', pushName: 'Ann' });
    expect(await service.readMe('X')).toBe(accounts[0]);
    expect(getMe).toHaveBeenCalledTimes(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
    await service.readMe('X');
    expect(getMe).toHaveBeenCalledTimes(2);
  });

  it('peekSession gives the held state and its age without calling Wawp', async () => {
    const getSessionInfo = vi.fn(async () => session('WORKING', { id: '1@c.us', pushName: null }));
    const service = makeService({ wawp: fakeWawp({ getSessionInfo }) });
    expect(service.peekSession('X')).toBeNull();
    await service.readSession('X');
    const held = service.peekSession('X');
    expect(held?.state.status).toBe('WORKING');
    expect(held?.ageMs).toBeGreaterThanOrEqual(0);
    expect(getSessionInfo).toHaveBeenCalledTimes(1);
  });
});
