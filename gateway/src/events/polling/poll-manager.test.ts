import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupPoller, upstreamError } from '../../testing/poller-fixtures';

beforeEach(() => {
  vi.useFakeTimers({ now: 1_000_000 });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('poll manager', () => {
  it('polls once per instance however many watch it, and stops with the last watcher', async () => {
    const t = setupPoller();
    const unwatchA = t.poller.watch('I1');
    const unwatchB = t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(0);
    expect(t.sessions.readSession).toHaveBeenCalledTimes(1);
    unwatchA();
    unwatchA();
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.sessions.readSession).toHaveBeenCalledTimes(2);
    unwatchB();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(t.sessions.readSession).toHaveBeenCalledTimes(2);
    expect(t.leases.release).toHaveBeenCalledWith('I1');
    expect(t.poller.polled()).toEqual([]);
  });

  it('never polls an instance faster than every 2 s, jitter included', async () => {
    const t = setupPoller({ intervalMs: 500, random: () => 0 });
    t.setStatus('STARTING');
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.pollTimes.length).toBeGreaterThan(10);
    expect(Math.min(...t.gaps())).toBeGreaterThanOrEqual(2_000);
    await t.poller.stop();
  });

  it('adapts the interval: fast while moving, slower when WORKING, slowest with webhooks', async () => {
    const t = setupPoller();
    t.setStatus('STARTING');
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(1);
    await vi.advanceTimersByTimeAsync(6_000);
    expect(t.gaps()).toEqual([3_000, 3_000]);
    t.setStatus('WORKING');
    await vi.advanceTimersByTimeAsync(3_000 + 5_000 + 5_000);
    expect(t.gaps().slice(-2)).toEqual([5_000, 5_000]);
    t.webhookNow();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.gaps().slice(-2)).toEqual([10_000, 10_000]);
    await t.poller.stop();
  });

  it('speeds up at once when a webhook or an action changes the status', async () => {
    const t = setupPoller();
    t.setStatus('STOPPED');
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(1_000);
    expect(t.pollTimes).toHaveLength(1);
    t.setStatus('STARTING');
    t.dispatchStatus('I1', 'STARTING');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.gaps()).toEqual([3_000]);
    t.dispatchStatus('I2', 'STARTING'); // not watched: ignored
    await t.poller.stop();
  });

  it('backs off on upstream failures (doubling to 30 s) and honours retryAfterMs', async () => {
    const t = setupPoller();
    t.fail(upstreamError('UPSTREAM_UNAVAILABLE'));
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(120_000);
    expect(t.gaps().slice(0, 5)).toEqual([6_000, 12_000, 24_000, 30_000, 30_000]);
    t.fail(null);
    await vi.advanceTimersByTimeAsync(30_000);
    t.fail(upstreamError('RATE_LIMITED', 20_000));
    const before = t.pollTimes.length;
    await vi.advanceTimersByTimeAsync(10_000);
    const failedAt = t.pollTimes[before] as number;
    await vi.advanceTimersByTimeAsync(30_000);
    expect((t.pollTimes[before + 1] as number) - failedAt).toBeGreaterThanOrEqual(20_000);
    expect(t.warnings).toContain('events: poll failed');
    await t.poller.stop();
  });

  it('polls only while holding the lease, and takes over within one interval', async () => {
    const t = setupPoller();
    t.setLease(false);
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(t.sessions.readSession).not.toHaveBeenCalled();
    expect(t.leases.tryAcquire.mock.calls.length).toBeGreaterThanOrEqual(3);
    t.setLease(true);
    const freedAt = Date.now();
    await vi.advanceTimersByTimeAsync(3_000);
    expect(t.pollTimes[0]! - freedAt).toBeLessThanOrEqual(3_000);
    expect(t.poller.polled()).toEqual(['I1']);
    await t.poller.stop();
  });

  it('checks the lease right before each read, and asks for it again within an interval', async () => {
    let valid = true;
    const leases = {
      tryAcquire: vi.fn(async () => valid),
      holds: vi.fn(() => valid),
      release: vi.fn(async () => {}),
      onLost: vi.fn((_listener: (ids: string[]) => void) => () => {}),
    };
    const t = setupPoller({ intervalMs: 2_000, leases });
    t.setStatus('STOPPED');
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(0);
    expect(leases.tryAcquire).toHaveBeenCalledWith('I1', { expiryMs: 6_000, marginMs: 2_500 });
    expect(t.pollTimes).toHaveLength(1);
    // held, then no longer (expired, or taken over): the next tick reads nothing
    valid = false;
    await vi.advanceTimersByTimeAsync(30_000);
    expect(t.pollTimes).toHaveLength(1);
    expect(t.poller.polled()).toEqual([]);
    valid = true;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(t.pollTimes).toHaveLength(2);
    // reported lost: the loop stops counting on it; STOPPED polls every 10 s, the retry is sooner
    valid = false;
    leases.onLost.mock.calls[0]?.[0](['I1']);
    expect(t.poller.polled()).toEqual([]);
    const asked = leases.tryAcquire.mock.calls.length;
    await vi.advanceTimersByTimeAsync(2_000);
    expect(leases.tryAcquire.mock.calls.length).toBeGreaterThan(asked);
    expect(t.pollTimes).toHaveLength(2);
    await t.poller.stop();
    // not held, so nothing to free: the store only stops counting this loop as wanting it
    expect(leases.release).toHaveBeenCalledExactlyOnceWith('I1');
  });

  it('aborts the read in flight when the lease is lost, without counting it as a failure', async () => {
    const signals: AbortSignal[] = [];
    const t = setupPoller();
    t.sessions.readSession.mockImplementation(
      (_id: string, _maxAgeMs?: number, call?: { signal?: AbortSignal }) =>
        new Promise((_resolve, reject) => {
          signals.push(call?.signal as AbortSignal);
          call?.signal?.addEventListener('abort', () => reject(new Error('aborted')));
        }),
    );
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(0);
    expect(signals).toHaveLength(1);
    const [[onLost]] = t.leases.onLost.mock.calls as unknown as [[(ids: string[]) => void]];
    onLost(['I1']);
    await vi.advanceTimersByTimeAsync(0);
    expect(signals[0]?.aborted).toBe(true);
    expect(t.warnings).toEqual([]);
    await t.poller.stop();
  });

  it('announces the health of an instance only where it polls it, at most once per 5 s', async () => {
    const t = setupPoller();
    t.poller.watch('I1');
    await vi.advanceTimersByTimeAsync(0);
    t.poller.announceHealth('I1', false, 'Wawp timeout');
    t.poller.announceHealth('I9', false, 'Wawp timeout');
    const down = { kind: 'UpstreamHealthChanged', healthy: false, detail: 'Wawp timeout' };
    expect(t.hub.announce.mock.calls).toEqual([['I1', down]]);

    // back up and down again within the gap: nothing new to say once it has passed
    t.poller.announceHealth('I1', true, 'Wawp answers again');
    t.poller.announceHealth('I1', false, 'Wawp timeout');
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.hub.announce).toHaveBeenCalledTimes(1);

    // up after the gap: announced at once; then a flap inside the next gap: its end state
    await vi.advanceTimersByTimeAsync(1_000);
    t.poller.announceHealth('I1', true, 'Wawp answers again');
    expect(t.hub.announce).toHaveBeenCalledTimes(2);
    t.poller.announceHealth('I1', false, 'Wawp timeout');
    t.poller.announceHealth('I1', true, 'Wawp answers again');
    t.poller.announceHealth('I1', false, 'Wawp 502');
    expect(t.hub.announce).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(t.hub.announce.mock.calls.slice(1)).toEqual([
      ['I1', { kind: 'UpstreamHealthChanged', healthy: true, detail: 'Wawp answers again' }],
      ['I1', { kind: 'UpstreamHealthChanged', healthy: false, detail: 'Wawp 502' }],
    ]);
    await t.poller.stop();
    expect(t.leases.release).toHaveBeenCalledTimes(1);
  });
});
