import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch, type FakeAnswer, json } from '../testing/fake-fetch';
import { createWawpClient } from './client';
import type { WawpError } from './errors';

const ID = 'A1B2C3D4E5F6';

function setup(answer: () => FakeAnswer | Promise<FakeAnswer>, concurrency?: number) {
  const fake = createFakeFetch(answer);
  const client = createWawpClient({
    baseUrl: 'http://wawp.test',
    accessToken: 't0ken',
    fetch: fake.fetch,
    ...(concurrency ? { concurrency } : {}),
  });
  return { ...fake, client };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('circuit breaker', () => {
  it('opens after 20 x 502, then fails fast without calling Wawp, and recovers after 30 s', async () => {
    vi.useFakeTimers();
    let healthy = false;
    const { client, calls } = setup(() =>
      healthy ? json(200, { status: 'WORKING' }) : json(502, {}),
    );
    for (let i = 0; i < 20; i++) {
      await client.startSession(ID).catch(() => undefined);
    }
    expect(client.breakerState).toBe('open');
    const seen = calls.length;
    expect(seen).toBeLessThanOrEqual(20);

    const started = performance.now();
    await expect(client.startSession(ID)).rejects.toMatchObject({
      kind: 'upstream',
      code: 'circuit_open',
    });
    await expect(client.getSessionInfo(ID)).rejects.toMatchObject({ code: 'circuit_open' });
    expect(performance.now() - started).toBeLessThan(5);
    expect(calls.length).toBe(seen);

    const error = (await client.startSession(ID).catch((e: unknown) => e)) as WawpError;
    expect(error.retryAfterMs).toBeGreaterThan(0);
    expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);

    healthy = true;
    vi.advanceTimersByTime(30_000);
    await expect(client.getSessionInfo(ID)).resolves.toMatchObject({ status: 'WORKING' });
    expect(calls.length).toBe(seen + 1);
    expect(client.breakerState).toBe('closed');
  });

  it('stays closed after 20 x 401', async () => {
    const { client, calls } = setup(() => json(401, { code: 'invalid_access_token' }));
    for (let i = 0; i < 20; i++) {
      await expect(client.getSessionInfo(ID)).rejects.toMatchObject({ kind: 'auth' });
    }
    expect(client.breakerState).toBe('closed');
    expect(calls).toHaveLength(20);
  });

  it('does not count 404, 422 or 429 either', async () => {
    const statuses = [404, 422, 429, 403, 400];
    let n = 0;
    const { client } = setup(() => json(statuses[n++ % statuses.length]!, {}));
    for (let i = 0; i < 25; i++) {
      await client.stopSession(ID).catch(() => undefined);
    }
    expect(client.breakerState).toBe('closed');
  });

  it('stays closed below 10 calls even when all fail', async () => {
    const { client } = setup(() => json(500, {}));
    for (let i = 0; i < 9; i++) {
      await client.stopSession(ID).catch(() => undefined);
    }
    expect(client.breakerState).toBe('closed');
  });
});

describe('bulkhead', () => {
  it('keeps at most 8 calls in flight, queues 32 and rejects the rest fast', async () => {
    let inFlight = 0;
    let peak = 0;
    const release: Array<() => void> = [];
    const { client } = setup(async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise<void>((resolve) => release.push(resolve));
      inFlight--;
      return json(200, { status: 'WORKING' });
    });
    let rejected = 0;
    const outcomes = Array.from({ length: 100 }, () =>
      client.stopSession(ID).then(
        () => 'ok',
        (e: { code?: string }) => {
          rejected += e.code === 'bulkhead_full' ? 1 : 0;
          return e.code;
        },
      ),
    );
    await vi.waitFor(() => expect(rejected).toBe(60));
    expect(release).toHaveLength(8);
    let settled = 0;
    for (const outcome of outcomes) {
      void outcome.then(() => settled++);
    }
    while (settled < 100) {
      release.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const results = await Promise.all(outcomes);
    expect(results.filter((c) => c === 'ok')).toHaveLength(40);
    expect(peak).toBe(8);
  });
});
