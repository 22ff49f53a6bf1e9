import type { SessionEvent } from '@wawp-gateway/schema';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createStartingWatch } from './starting-watch';

const changed = (instanceId: string, status: string, previousStatus = 'STOPPED') =>
  ({
    cursor: '1',
    instanceId,
    occurredAt: new Date(),
    source: 'WEBHOOK',
    kind: 'SessionStatusChanged',
    status,
    previousStatus,
  }) as SessionEvent;

function setup(wanted = async (_id: string) => true, watchdogMs = 10_000) {
  const releases: string[] = [];
  const poller = {
    watch: vi.fn((id: string) => () => {
      releases.push(id);
    }),
  };
  const listeners = new Set<(event: SessionEvent) => void>();
  const hub = {
    onDispatch: (listener: (event: SessionEvent) => void) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    follow: () => () => {},
  };
  const watch = createStartingWatch({
    poller,
    hub,
    wanted,
    watchdogMs,
    intervalMs: 3_000,
    logger: { error: vi.fn() },
  });
  const dispatch = (event: SessionEvent) => {
    for (const listener of listeners) {
      listener(event);
    }
  };
  return { watch, poller, releases, dispatch };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('the STARTING watch', () => {
  it('polls a session that entered STARTING until it gets past it', async () => {
    const { watch, poller, releases, dispatch } = setup();
    watch.onRecorded([changed('a', 'STARTING')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(poller.watch).toHaveBeenCalledWith('a');
    expect(watch.watched()).toEqual(['a']);
    // a second STARTING (another replica, a retry) does not watch twice
    watch.onRecorded([changed('a', 'STARTING')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(poller.watch).toHaveBeenCalledTimes(1);
    // a restart passes through STOPPED: the watch goes on
    dispatch(changed('a', 'STOPPED', 'STARTING'));
    expect(releases).toEqual([]);
    dispatch(changed('a', 'SCAN_QR_CODE', 'STARTING'));
    expect(releases).toEqual(['a']);
    expect(watch.watched()).toEqual([]);
  });

  it('lets go after the watchdog time and three polls, stuck or not', async () => {
    const { watch, releases } = setup();
    watch.onRecorded([changed('a', 'STARTING')]);
    await vi.advanceTimersByTimeAsync(10_000 + 3 * 3_000 - 1);
    expect(releases).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(releases).toEqual(['a']);
  });

  it('watches only sessions someone wants to hear about, and nothing with the watchdog off', async () => {
    const wanted = vi.fn(async (id: string) => id === 'a');
    const { watch, poller } = setup(wanted);
    watch.onRecorded([changed('b', 'STARTING'), changed('a', 'WORKING', 'STARTING')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(poller.watch).not.toHaveBeenCalled();

    const off = setup(async () => true, 0);
    off.watch.onRecorded([changed('a', 'STARTING')]);
    await vi.advanceTimersByTimeAsync(0);
    expect(off.poller.watch).not.toHaveBeenCalled();
  });

  it('stop ends every watch', async () => {
    const { watch, releases } = setup();
    watch.onRecorded([changed('a', 'STARTING'), changed('b', 'STARTING')]);
    await vi.advanceTimersByTimeAsync(0);
    watch.stop();
    expect(releases.sort()).toEqual(['a', 'b']);
  });
});
