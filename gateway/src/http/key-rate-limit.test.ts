import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createKeyRateLimit, parseRateLimit, takeToken, toBucketKey } from './key-rate-limit';

function setup(maxKeys?: number) {
  const clock = { t: 1_000_000 };
  const limit = createKeyRateLimit({
    perSecond: 20,
    burst: 40,
    adminPerSecond: 200,
    adminBurst: 400,
    now: () => clock.t,
    maxKeys,
  });
  const takeMany = (n: number, key = 'k', admin = false) =>
    Array.from({ length: n }, () => limit.take(key, admin));
  return { clock, limit, takeMany };
}

describe('createKeyRateLimit', () => {
  it('lets 40 through at once, refuses the 41st for ≈ 50 ms, then 20 per second', () => {
    const { clock, limit, takeMany } = setup();
    expect(takeMany(40).every((r) => r.ok)).toBe(true);
    expect(limit.take('k', false)).toEqual({ ok: false, retryAfterMs: 50 });
    clock.t += 49;
    expect(limit.take('k', false).ok).toBe(false);
    clock.t += 1;
    expect(limit.take('k', false).ok).toBe(true);
    // sustained: one every 50 ms for 10 s all pass, 20 per second
    for (let i = 0; i < 200; i++) {
      clock.t += 50;
      expect(limit.take('k', false).ok).toBe(true);
    }
    // twice that rate: about half are refused
    let refused = 0;
    for (let i = 0; i < 200; i++) {
      clock.t += 25;
      refused += limit.take('k', false).ok ? 0 : 1;
    }
    expect(refused).toBeGreaterThanOrEqual(99);
    expect(refused).toBeLessThanOrEqual(101);
  });

  it('refills to the burst and no further', () => {
    const { clock, takeMany } = setup();
    takeMany(40);
    clock.t += 60_000;
    expect(takeMany(40).every((r) => r.ok)).toBe(true);
    expect(takeMany(1)[0]?.ok).toBe(false);
  });

  it('keeps keys apart, and gives the admin key its own, higher budget', () => {
    const { takeMany } = setup();
    takeMany(41, 'a');
    expect(takeMany(40, 'b').every((r) => r.ok)).toBe(true);
    const admin = takeMany(401, 'a', true);
    expect(admin.slice(0, 400).every((r) => r.ok)).toBe(true);
    expect(admin[400]).toEqual({ ok: false, retryAfterMs: 5 });
  });

  it('stays within maxKeys, and drops buckets that refilled first', () => {
    const { clock, limit } = setup(100);
    for (let i = 0; i < 1_000; i++) {
      limit.take(`key-${i}`, false);
    }
    expect(limit.size).toBe(100);
    // once idle long enough to be full again, each new take sweeps two of them away
    clock.t += 2_000;
    for (let i = 0; i < 60; i++) {
      limit.take(`new-${i}`, false);
    }
    expect(limit.size).toBe(60);
  });

  it('does not lose a drained bucket to the sweep', () => {
    const { clock, limit, takeMany } = setup(10);
    takeMany(41, 'busy');
    clock.t += 1_000; // 20 tokens back, not full
    for (let i = 0; i < 5; i++) {
      limit.take(`other-${i}`, false);
    }
    expect(takeMany(21, 'busy').filter((r) => r.ok)).toHaveLength(20);
  });

  it('rejects nonsense rates', () => {
    const base = { perSecond: 20, burst: 40, adminPerSecond: 200, adminBurst: 400 };
    expect(() => createKeyRateLimit({ ...base, perSecond: 0 })).toThrow(RangeError);
    expect(() => createKeyRateLimit({ ...base, adminBurst: 0.5 })).toThrow(RangeError);
    expect(() => createKeyRateLimit({ ...base, maxKeys: 0 })).toThrow(RangeError);
  });
});

describe('takeToken', () => {
  it('refills nothing when the clock steps back', () => {
    const bucket = { tokens: 0, at: 1_000 };
    expect(takeToken(bucket, { perSecond: 10, burst: 10 }, 500)).toBe(100);
    expect(takeToken(bucket, { perSecond: 10, burst: 10 }, 1_100)).toBe(0);
  });
});

describe('toBucketKey', () => {
  const sha = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 32);

  it('hashes the presented key, never keeping it', () => {
    const key = toBucketKey('Bearer secret-key-123', '10.0.0.1');
    expect(key).toBe(`key:${sha('secret-key-123')}`);
    expect(key).not.toContain('secret');
    expect(toBucketKey('bearer   secret-key-123 ', null)).toBe(key);
  });

  it('buckets an unknown or malformed key by its hash too', () => {
    expect(toBucketKey('Basic abc', null)).toBe(`key:${sha('Basic abc')}`);
  });

  it('puts callers without a key in one bucket per address', () => {
    expect(toBucketKey(null, '10.0.0.1')).toBe('anon:10.0.0.1');
    expect(toBucketKey('  ', '10.0.0.1')).toBe('anon:10.0.0.1');
    expect(toBucketKey(null, null)).toBe('anon:unknown');
  });
});

describe('parseRateLimit', () => {
  const fallback = { perSecond: 20, burst: 40 };

  it('reads "N" as N per second with bursts of 2N, and "N/B"', () => {
    expect(parseRateLimit('20', fallback)).toEqual({ perSecond: 20, burst: 40 });
    expect(parseRateLimit(' 5 ', fallback)).toEqual({ perSecond: 5, burst: 10 });
    expect(parseRateLimit('200/400', fallback)).toEqual({ perSecond: 200, burst: 400 });
    expect(parseRateLimit('20/5', fallback)).toEqual({ perSecond: 20, burst: 5 });
  });

  it('falls back when unset or blank', () => {
    expect(parseRateLimit(undefined, fallback)).toEqual(fallback);
    expect(parseRateLimit('  ', fallback)).toEqual(fallback);
  });

  it.each(['0', '20/0', '-1', '1.5', '20/40/80', 'abc', '20 / 40', '1e3', '9999999999'])(
    'rejects %j',
    (value) => {
      expect(() => parseRateLimit(value, fallback, 'GATEWAY_RATE_LIMIT_PER_KEY')).toThrow(
        /^GATEWAY_RATE_LIMIT_PER_KEY must be "<per second>" or "<per second>\/<burst>"/,
      );
    },
  );
});
