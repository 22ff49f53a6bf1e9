import { describe, expect, it } from 'vitest';
import { RETRY, retryDelayMs } from './retry-schedule';

describe('retryDelayMs', () => {
  it('starts near 5 s and doubles, within the jitter', () => {
    const low = () => 0;
    const high = () => 0.999_999;
    expect(retryDelayMs(1, RETRY.firstMs, low)).toBe(4_000);
    expect(retryDelayMs(1, RETRY.firstMs, high)).toBe(6_000);
    expect(retryDelayMs(2, RETRY.firstMs, low)).toBe(8_000);
    expect(retryDelayMs(4, RETRY.firstMs, low)).toBe(32_000);
  });

  it('never waits more than an hour (plus jitter)', () => {
    expect(retryDelayMs(40, RETRY.firstMs, () => 0.5)).toBe(RETRY.maxMs);
  });
});
