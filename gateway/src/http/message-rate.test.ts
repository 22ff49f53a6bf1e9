import { describe, expect, it } from 'vitest';
import { createMessageRate } from './message-rate';

describe('createMessageRate', () => {
  it('allows a burst, then the sustained rate, and refuses a flood', () => {
    let t = 0;
    const rate = createMessageRate({ perSecond: 20, burst: 40, now: () => t });
    expect(Array.from({ length: 40 }, () => rate.take()).every(Boolean)).toBe(true);
    expect(rate.take()).toBe(false);
    // 20 per second sustained: one message every 50 ms goes through
    for (let i = 0; i < 100; i++) {
      t += 50;
      expect(rate.take()).toBe(true);
    }
    // 100 per second: the bucket empties again
    const flood = Array.from({ length: 100 }, () => {
      t += 10;
      return rate.take();
    });
    expect(flood.filter((ok) => !ok).length).toBeGreaterThan(50);
  });

  it('refills up to the burst and no further', () => {
    let t = 0;
    const rate = createMessageRate({ perSecond: 20, burst: 5, now: () => t });
    t += 60_000;
    expect(Array.from({ length: 6 }, () => rate.take())).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });
});
