import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createReadGate } from './read-gate';

describe('createReadGate', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shares one upstream call among 1,000 concurrent readers', async () => {
    const gate = createReadGate<number>();
    const fetcher = vi.fn(async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return 42;
    });
    const reads = Array.from({ length: 1_000 }, () => gate.read('info:A', fetcher));
    await vi.advanceTimersByTimeAsync(60);
    expect(await Promise.all(reads)).toEqual(Array(1_000).fill(42));
    expect(fetcher).toHaveBeenCalledTimes(1);
  });

  it('serves the cache inside the floor and never starts two calls less than 2 s apart', async () => {
    const gate = createReadGate<number>({ floorMs: 2_000 });
    const starts: number[] = [];
    let n = 0;
    const fetcher = async () => {
      starts.push(Date.now());
      return ++n;
    };
    expect(await gate.read('k', fetcher)).toBe(1);
    await vi.advanceTimersByTimeAsync(500);
    expect(await gate.read('k', fetcher)).toBe(1);
    gate.invalidate('k');
    const fresh = gate.read('k', fetcher, 0);
    await vi.advanceTimersByTimeAsync(1_600);
    expect(await fresh).toBe(2);
    expect(starts).toHaveLength(2);
    expect(starts[1]! - starts[0]!).toBeGreaterThanOrEqual(2_000);
  });

  it('keeps keys independent and lets a failed read be retried after the floor', async () => {
    const gate = createReadGate<string>({ floorMs: 2_000 });
    await expect(gate.read('a', async () => Promise.reject(new Error('down')))).rejects.toThrow(
      'down',
    );
    expect(await gate.read('b', async () => 'b')).toBe('b');
    const retry = gate.read('a', async () => 'a');
    await vi.advanceTimersByTimeAsync(2_000);
    expect(await retry).toBe('a');
  });

  it('treats put() as fresh knowledge', async () => {
    const gate = createReadGate<string>();
    gate.put('k', 'from-webhook');
    const fetcher = vi.fn(async () => 'upstream');
    expect(await gate.read('k', fetcher)).toBe('from-webhook');
    expect(fetcher).not.toHaveBeenCalled();
    expect(gate.peek('k')?.data).toBe('from-webhook');
  });
});
