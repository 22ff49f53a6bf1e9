import { describe, expect, it } from 'vitest';
import { createFairShare, FairShareAbortedError, FairShareFullError } from './fair-share';

/** A call that runs until released. */
function held() {
  const releases: Array<() => void> = [];
  const call = () => new Promise<void>((resolve) => releases.push(resolve));
  const releaseAll = async () => {
    while (releases.length > 0) {
      releases.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  };
  return { call, releases, releaseAll };
}

describe('createFairShare', () => {
  it('never lets one share run more than half, and hands freed slots to the shares in turn', async () => {
    const slots = createFairShare({ concurrency: 4, queuePerShare: 100 });
    const { call, releases, releaseAll } = held();
    const order: string[] = [];
    const run = (share: string) =>
      slots.run(share, () => {
        order.push(share);
        return call();
      });
    const all = [
      ...Array.from({ length: 6 }, () => run('a')),
      ...Array.from({ length: 3 }, () => run('b')),
      ...Array.from({ length: 3 }, () => run('c')),
    ];
    expect(slots.running).toBe(4);
    expect(slots.runningOf('a')).toBe(2);
    expect(order).toEqual(['a', 'a', 'b', 'b']);
    releases.shift()?.(); // an `a` ends: `c` has waited longest with room, so it goes next
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(order.at(-1)).toBe('c');
    await releaseAll();
    await Promise.all(all);
    expect(order.filter((s) => s === 'a')).toHaveLength(6);
  });

  it('refuses past the queue of a share without touching the others', async () => {
    const slots = createFairShare({ concurrency: 2, queuePerShare: 2 });
    const { call, releaseAll } = held();
    const a = Array.from({ length: 3 }, () => slots.run('a', call));
    await expect(slots.run('a', call)).rejects.toBeInstanceOf(FairShareFullError);
    const b = slots.run('b', call);
    expect(slots.runningOf('b')).toBe(1);
    await releaseAll();
    await Promise.all([...a, b]);
  });

  it('drops a waiter whose signal aborts, at once, and still serves the rest', async () => {
    const slots = createFairShare({ concurrency: 1, queuePerShare: 10 });
    const { call, releaseAll } = held();
    const first = slots.run('a', call);
    const controller = new AbortController();
    let started = false;
    const gone = slots.run(
      'b',
      async () => {
        started = true;
      },
      controller.signal,
    );
    const next = slots.run('c', call);
    controller.abort();
    await expect(gone).rejects.toBeInstanceOf(FairShareAbortedError);
    expect(slots.waiting).toBe(1);
    await releaseAll();
    await releaseAll();
    await Promise.all([first, next]);
    expect(started).toBe(false);
    expect(slots.running).toBe(0);
  });
});
