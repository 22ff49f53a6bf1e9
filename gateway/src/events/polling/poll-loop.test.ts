import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupPoller, upstreamError } from '../../testing/poller-fixtures';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('poll loop: watchdog and QR codes', () => {
  it('restarts a session stuck in STARTING exactly once, and re-arms after it leaves', async () => {
    const t = setupPoller({ watchdogStartingMs: 10_000 });
    t.setStatus('STARTING');
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.sessions.act).toHaveBeenCalledTimes(1);
    expect(t.sessions.act).toHaveBeenCalledWith('I1', 'restart');
    expect(t.intents.note).toHaveBeenCalledWith('I1', 'restart');
    expect(t.hub.announce).toHaveBeenCalledWith(
      'I1',
      { kind: 'SessionStatusChanged', status: 'STARTING', previousStatus: 'STARTING' },
      'GATEWAY',
    );
    t.setStatus('WORKING');
    await vi.advanceTimersByTimeAsync(10_000);
    t.setStatus('STARTING');
    await vi.advanceTimersByTimeAsync(20_000);
    expect(t.sessions.act).toHaveBeenCalledTimes(2);
    await t.poller.stop();
  });

  it('fetches each QR while SCAN_QR_CODE, waking at its expiry; a refresh is not an error', async () => {
    const t = setupPoller();
    t.setStatus('SCAN_QR_CODE');
    let n = 0;
    t.sessions.readQrCode.mockImplementation(async () => {
      n += 1;
      if (n === 2) {
        throw upstreamError('QR_REFRESHING');
      }
      return { value: `qr-${n}`, imageDataUrl: 'data:', expiresAt: new Date(Date.now() + 2_500) };
    });
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(9_000);
    const observed = t.hub.observe.mock.calls.map(([observation]) => observation);
    expect(observed.filter((observation) => observation.onlyIfStatus)).toEqual([
      expect.objectContaining({ qrCode: expect.objectContaining({ value: 'qr-1' }) }),
      expect.objectContaining({ qrCode: expect.objectContaining({ value: 'qr-3' }) }),
      expect.objectContaining({ qrCode: expect.objectContaining({ value: 'qr-4' }) }),
    ]);
    expect(t.warnings).toEqual([]);
    expect(Math.max(...t.gaps())).toBeLessThanOrEqual(3_000);
    await t.poller.stop();
  });
});
