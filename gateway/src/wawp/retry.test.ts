import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch, type FakeCall, json, networkError } from '../testing/fake-fetch';
import { createWawpClient, type WawpClient } from './client';
import { WawpError } from './errors';
import { isRetryable, retryDelayMs } from './retry';

const ID = 'A1B2C3D4E5F6';
const options = { maxAttempts: 3, minDelayMs: 2_000, maxDelayMs: 30_000 };

function setup(handler: (call: FakeCall, n: number) => Response | Error) {
  const fake = createFakeFetch(handler);
  const client = createWawpClient({
    baseUrl: 'http://wawp.test',
    accessToken: 't0ken',
    fetch: fake.fetch,
  });
  return { ...fake, client };
}

// Runs `promise` to completion while advancing fake time.
async function settle(promise: Promise<unknown>): Promise<unknown> {
  const outcome = promise.then(
    (value) => value,
    (error: unknown) => error,
  );
  await vi.advanceTimersByTimeAsync(120_000);
  return outcome;
}

const gaps = (calls: FakeCall[]) => calls.slice(1).map((c, i) => c.at - calls[i]!.at);

describe('retry policy', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('retries session/info at most 3 times on 503, at least 2 s apart', async () => {
    const { client, calls } = setup(() => json(503, { code: 'wawp_upstream_error' }));
    const error = await settle(client.getSessionInfo(ID));
    expect(error).toMatchObject({ kind: 'upstream', httpStatus: 503 });
    expect(calls).toHaveLength(3);
    for (const gap of gaps(calls)) {
      expect(gap).toBeGreaterThanOrEqual(2_000);
    }
  });

  it('succeeds when a retry does', async () => {
    const { client, calls } = setup((_, n) =>
      n === 1 ? networkError('ECONNRESET') : json(200, { status: 'WORKING' }),
    );
    expect(await settle(client.getSessionInfo(ID))).toMatchObject({ status: 'WORKING' });
    expect(calls).toHaveLength(2);
  });

  const actions: Array<[string, number, (c: WawpClient) => Promise<unknown>]> = [
    ['logout', 503, (c) => c.logoutSession(ID)],
    ['start', 502, (c) => c.startSession(ID)],
    ['restart', 504, (c) => c.restartSession(ID)],
    ['stop', 429, (c) => c.stopSession(ID)],
    ['delete', 503, (c) => c.deleteSession(ID)],
    ['create', 503, (c) => c.createSession()],
  ];
  it.each(actions)('sends %s exactly once on %i', async (_, status, act) => {
    const { client, calls } = setup(() => json(status, {}));
    await settle(act(client));
    expect(calls).toHaveLength(1);
  });

  it('sends request-code and the webhook POST exactly once', async () => {
    const { client, calls } = setup(() => networkError('ECONNRESET'));
    await settle(client.requestCode(ID, '201145202826'));
    await settle(client.setWebhooks(ID, []));
    expect(calls).toHaveLength(2);
  });

  it.each([400, 401, 403, 404, 422, 500])('never retries a read on %i', async (status) => {
    const { client, calls } = setup(() => json(status, {}));
    await settle(client.getQr(ID));
    expect(calls).toHaveLength(1);
  });

  it('honours Retry-After on 429, capped at 30 s', async () => {
    const slow = setup((_, n) =>
      n === 1 ? json(429, {}, { 'retry-after': '7' }) : json(200, { status: 'WORKING' }),
    );
    await settle(slow.client.getSessionInfo(ID));
    expect(gaps(slow.calls)[0]).toBeGreaterThanOrEqual(7_000);
    const huge = setup((_, n) =>
      n === 1 ? json(429, {}, { 'retry-after': '3600' }) : json(200, { status: 'WORKING' }),
    );
    await settle(huge.client.getSessionInfo(ID));
    expect(gaps(huge.calls)[0]).toBe(30_000);
  });

  it('stops waiting when the caller aborts during a backoff', async () => {
    const { client, calls } = setup(() => json(503, {}));
    const controller = new AbortController();
    const outcome = client.getMe(ID, { signal: controller.signal }).catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    expect(await outcome).toMatchObject({ kind: 'timeout', code: 'aborted' });
    expect(calls).toHaveLength(1);
  });
});

describe('retryDelayMs and isRetryable', () => {
  const err = (init: Partial<WawpError>) =>
    new WawpError({ kind: 'upstream', route: 'r', message: 'm', ...init });

  it('grows exponentially with jitter and never drops below the floor', () => {
    expect(retryDelayMs(1, err({}), options, () => 0)).toBe(2_000);
    expect(retryDelayMs(1, err({}), options, () => 1)).toBe(3_000);
    expect(retryDelayMs(2, err({}), options, () => 0.5)).toBe(5_000);
    expect(retryDelayMs(9, err({}), options, () => 1)).toBe(30_000);
    expect(retryDelayMs(1, err({ retryAfterMs: 0 }), options, () => 0)).toBe(2_000);
  });

  it.each([
    [{ kind: 'rate_limited', httpStatus: 429 }, true],
    [{ kind: 'upstream', httpStatus: 502 }, true],
    [{ kind: 'upstream', httpStatus: 503 }, true],
    [{ kind: 'upstream', httpStatus: 504 }, true],
    [{ kind: 'upstream', code: 'ECONNRESET' }, true],
    [{ kind: 'timeout', code: 'timeout' }, true],
    [{ kind: 'timeout', code: 'aborted' }, false],
    [{ kind: 'upstream', httpStatus: 500 }, false],
    [{ kind: 'upstream', httpStatus: 200 }, false],
    [{ kind: 'upstream', code: 'circuit_open' }, false],
    [{ kind: 'upstream', code: 'bulkhead_full' }, false],
    [{ kind: 'upstream', code: 'paced' }, false],
    [{ kind: 'upstream', code: 'pacing_failed' }, false],
    [{ kind: 'status_gate', httpStatus: 422 }, false],
    [{ kind: 'bad_response' }, false],
    [{ kind: 'auth', httpStatus: 401 }, false],
  ] as const)('%j -> %j', (init, expected) => {
    expect(isRetryable(err(init))).toBe(expected);
  });
});
