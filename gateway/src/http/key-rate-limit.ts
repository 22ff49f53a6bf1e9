import { createHash } from 'node:crypto';

// Why not a library: rate-limiter-flexible (the maintained choice on npm) counts fixed windows
// (`RateLimiterMemory`: N points per duration, reset at the window's end) and `BurstyRateLimiter`
// stacks two such windows, so "20/s with bursts of 40" becomes 20 per second plus 20 more per
// longer window, refilled all at once: not a token bucket. It also reads `Date.now()` itself (no
// injected clock), arms a timer per key, and answers through a promise. `limiter`'s TokenBucket
// is one bucket without keys, eviction or a retry time. The bucket below is the formula of
// `message-rate.ts` (one socket's bucket), generalised to a map of buckets.

/** A sustained rate and the burst a token bucket allows. */
export interface BucketRate {
  /** Tokens added per second: the sustained rate. */
  perSecond: number;
  /** Tokens a full bucket holds: the largest burst. */
  burst: number;
}

/** One bucket's state: `tokens` left as of `at` (ms, same clock as the caller's). */
export interface TokenBucket {
  tokens: number;
  at: number;
}

const refilled = (bucket: TokenBucket, rate: BucketRate, t: number) =>
  Math.min(rate.burst, bucket.tokens + (Math.max(0, t - bucket.at) * rate.perSecond) / 1_000);

/**
 * Refills `bucket` up to time `t` and takes one token. Returns `0` when it took one, otherwise the
 * milliseconds (≥ 1) until a token is back; a refused take costs nothing. A clock that steps back
 * refills nothing.
 */
export function takeToken(bucket: TokenBucket, rate: BucketRate, t: number): number {
  bucket.tokens = refilled(bucket, rate, t);
  bucket.at = Math.max(bucket.at, t);
  if (bucket.tokens >= 1) {
    bucket.tokens -= 1;
    return 0;
  }
  return Math.max(1, Math.ceil(((1 - bucket.tokens) * 1_000) / rate.perSecond));
}

/** Options of {@link createKeyRateLimit}. */
export interface KeyRateLimitOptions {
  /** Tenant keys (and anonymous callers): tokens per second, sustained. */
  perSecond: number;
  /** Tenant keys: tokens at once. */
  burst: number;
  /** The admin key: tokens per second, sustained. */
  adminPerSecond: number;
  /** The admin key: tokens at once. */
  adminBurst: number;
  /** Milliseconds; `Date.now` by default. */
  now?: () => number;
  /** Buckets kept at most. @default 10_000 */
  maxKeys?: number;
}

/** What {@link KeyRateLimit.take} answers. */
export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

/** A token bucket per key, from {@link createKeyRateLimit}. */
export interface KeyRateLimit {
  /**
   * Takes one token from the bucket of `bucketKey` (from {@link toBucketKey}); `admin` selects the
   * admin budget. Past the budget: `{ ok: false, retryAfterMs }`, the wait until one token is back.
   */
  take(bucketKey: string, admin: boolean): TakeResult;
  /** Buckets held now (for tests and metrics). */
  readonly size: number;
}

interface Entry extends TokenBucket {
  rate: BucketRate;
}

const OK: TakeResult = { ok: true };
/** Idle buckets looked at per take: enough to drain the map as fast as new keys fill it. */
const SWEEP_PER_TAKE = 2;

const checkRate = (rate: BucketRate, what: string): BucketRate => {
  if (!(Number.isFinite(rate.perSecond) && rate.perSecond > 0)) {
    throw new RangeError(`${what}: perSecond must be a positive number`);
  }
  if (!(Number.isFinite(rate.burst) && rate.burst >= 1)) {
    throw new RangeError(`${what}: burst must be at least 1`);
  }
  return { perSecond: rate.perSecond, burst: rate.burst };
};

/**
 * Per-key request budgets: a token bucket per key, one rate for tenant keys (and anonymous
 * callers), a separate one for the admin key. In memory, so per replica.
 *
 * Memory is bounded: the map is kept in least-recently-used order, and every take drops idle
 * buckets that have refilled to full from its old end (a full bucket is exactly what a new one
 * is, so that loses nothing). Past `maxKeys` the least recently used bucket goes even if not full
 * (only when more than `maxKeys` keys were active within one refill time).
 */
export function createKeyRateLimit(options: KeyRateLimitOptions): KeyRateLimit {
  const now = options.now ?? Date.now;
  const tenantRate = checkRate(options, 'tenant rate limit');
  const adminRate = checkRate(
    { perSecond: options.adminPerSecond, burst: options.adminBurst },
    'admin rate limit',
  );
  const maxKeys = options.maxKeys ?? 10_000;
  if (!(Number.isInteger(maxKeys) && maxKeys >= 1)) {
    throw new RangeError('maxKeys must be a positive integer');
  }
  const buckets = new Map<string, Entry>();

  const sweep = (t: number) => {
    let looked = 0;
    for (const [key, entry] of buckets) {
      if (buckets.size > maxKeys) {
        buckets.delete(key);
        continue;
      }
      if (looked++ >= SWEEP_PER_TAKE || refilled(entry, entry.rate, t) < entry.rate.burst) {
        return;
      }
      buckets.delete(key);
    }
  };

  return {
    take(bucketKey, admin) {
      const t = now();
      // Prefixed so an admin and a tenant bucket can never be one entry.
      const key = `${admin ? 'a' : 't'}:${bucketKey}`;
      const rate = admin ? adminRate : tenantRate;
      const entry = buckets.get(key) ?? { tokens: rate.burst, at: t, rate };
      buckets.delete(key);
      const wait = takeToken(entry, rate, t);
      buckets.set(key, entry); // now the most recently used
      sweep(t);
      return wait === 0 ? OK : { ok: false, retryAfterMs: wait };
    },
    get size() {
      return buckets.size;
    },
  };
}

const BEARER = /^\s*bearer\s+(\S+)\s*$/i;

/**
 * The bucket key of a caller: `key:` and the first 32 hex digits of the SHA-256 of the presented
 * key (the bearer token, or the whole `Authorization` value when it is not `Bearer <key>`), so the
 * limiter holds no secret and unknown keys are throttled like known ones; `anon:<address>` for a
 * caller without a key (one bucket per client address).
 */
export function toBucketKey(authorization: string | null, address: string | null): string {
  const presented = (BEARER.exec(authorization ?? '')?.[1] ?? authorization ?? '').trim();
  if (presented === '') {
    return `anon:${address ?? 'unknown'}`;
  }
  return `key:${createHash('sha256').update(presented).digest('hex').slice(0, 32)}`;
}

const RATE_SYNTAX = /^(\d{1,9})(?:\/(\d{1,9}))?$/;

/**
 * Parses a rate limit setting: `"20"` is 20 per second with bursts of 40 (twice the rate),
 * `"20/40"` is per second / burst, both whole numbers ≥ 1. Unset or blank gives `fallback`; anything
 * else throws an `Error` naming `name` (the message never repeats the value).
 */
export function parseRateLimit(
  value: string | undefined,
  fallback: BucketRate,
  name = 'rate limit',
): BucketRate {
  const text = value?.trim() ?? '';
  if (text === '') {
    return { perSecond: fallback.perSecond, burst: fallback.burst };
  }
  const match = RATE_SYNTAX.exec(text);
  const perSecond = Number(match?.[1]);
  const burst = match?.[2] === undefined ? perSecond * 2 : Number(match[2]);
  if (!match || perSecond < 1 || burst < 1) {
    throw new Error(
      `${name} must be "<per second>" or "<per second>/<burst>" in whole numbers of at least 1, ` +
        'e.g. "20" (20/s, bursts of 40) or "20/40"',
    );
  }
  return { perSecond, burst };
}
