import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeFetch, type FakeAnswer, type FakeCall, json } from '../testing/fake-fetch';
import { createWawpClient } from './client';
import type { WawpError } from './errors';

const ID = 'A1B2C3D4E5F6';

/** The instance a fake call is about: the query of a GET, the JSON body of a POST. */
const idOf = (call: FakeCall) =>
  new URL(call.url).searchParams.get('instance_id') ??
  String((call.body as { instance_id?: unknown } | null)?.instance_id ?? '');

function setup(answer: (call: FakeCall) => FakeAnswer | Promise<FakeAnswer>, concurrency?: number) {
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
    expect(client.breakerState(ID)).toBe('open');
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
    expect(client.breakerState(ID)).toBe('closed');
  });

  it('stays closed after 20 x 401', async () => {
    const { client, calls } = setup(() => json(401, { code: 'invalid_access_token' }));
    for (let i = 0; i < 20; i++) {
      await expect(client.getSessionInfo(ID)).rejects.toMatchObject({ kind: 'auth' });
    }
    expect(client.breakerState(ID)).toBe('closed');
    expect(calls).toHaveLength(20);
  });

  it('does not count 404, 422 or 429 either', async () => {
    const statuses = [404, 422, 429, 403, 400];
    let n = 0;
    const { client } = setup(() => json(statuses[n++ % statuses.length]!, {}));
    for (let i = 0; i < 25; i++) {
      await client.stopSession(ID).catch(() => undefined);
    }
    expect(client.breakerState(ID)).toBe('closed');
  });

  it('stays closed below 10 calls even when all fail', async () => {
    const { client } = setup(() => json(500, {}));
    for (let i = 0; i < 9; i++) {
      await client.stopSession(ID).catch(() => undefined);
    }
    expect(client.breakerState(ID)).toBe('closed');
  });
});

describe('breakers per instance', () => {
  it('failures concentrated on one instance open only its breaker', async () => {
    const OTHER = 'F6E5D4C3B2A1';
    const { client } = setup((call) =>
      idOf(call) === ID ? json(502, {}) : json(200, { status: 'WORKING' }),
    );
    for (let i = 0; i < 20; i++) {
      await client.stopSession(ID).catch(() => undefined);
    }
    expect(client.breakerState(ID)).toBe('open');
    await expect(client.stopSession(ID)).rejects.toMatchObject({ code: 'circuit_open' });
    expect(client.breakerState(OTHER)).toBe('closed');
    await expect(client.stopSession(OTHER)).resolves.toMatchObject({ status: 'WORKING' });
  });

  it('does not count its own refusals (a full queue) as failures', async () => {
    const release: Array<() => void> = [];
    const { client } = setup(async () => {
      await new Promise<void>((resolve) => release.push(resolve));
      return json(200, { status: 'WORKING' });
    });
    const outcomes = Array.from({ length: 100 }, () =>
      client.stopSession(ID).catch((e: { code?: string }) => e.code),
    );
    await vi.waitFor(() => expect(release).toHaveLength(4));
    while (release.length > 0) {
      release.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const codes = await Promise.all(outcomes);
    expect(codes.filter((c) => c === 'bulkhead_full').length).toBeGreaterThan(50);
    expect(client.breakerState(ID)).toBe('closed');
  });
});

describe('fair share', () => {
  function holdAndCount() {
    const release: Array<() => void> = [];
    const started: string[] = [];
    const { client } = setup(async (call) => {
      started.push(idOf(call));
      await new Promise<void>((resolve) => release.push(resolve));
      return json(200, { status: 'WORKING' });
    });
    return { client, release, started };
  }

  it('keeps one share at half the concurrency (4 of 8), queues 32 and rejects the rest fast', async () => {
    const { client, release } = holdAndCount();
    let rejected = 0;
    const outcomes = Array.from({ length: 100 }, () =>
      client.stopSession(ID, { share: 'tenant-a' }).then(
        () => 'ok',
        (e: { code?: string }) => {
          rejected += e.code === 'bulkhead_full' ? 1 : 0;
          return e.code;
        },
      ),
    );
    await vi.waitFor(() => expect(rejected).toBe(64));
    expect(release).toHaveLength(4);
    while (release.length > 0) {
      release.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    const results = await Promise.all(outcomes);
    expect(results.filter((c) => c === 'ok')).toHaveLength(36);
  });

  it('a flooding tenant leaves the other half of the slots to the others, who go first', async () => {
    const { client, release, started } = holdAndCount();
    const a = Array.from({ length: 30 }, (_, i) =>
      client.stopSession(`AAAA${String(i).padStart(8, '0')}`, { share: 'tenant-a' }),
    );
    await vi.waitFor(() => expect(release).toHaveLength(4));
    const b = Array.from({ length: 3 }, (_, i) =>
      client.stopSession(`BBBB${String(i).padStart(8, '0')}`, { share: 'tenant-b' }),
    );
    // B starts at once on the free half, while 26 of A's calls still wait
    await vi.waitFor(() => expect(release).toHaveLength(7));
    expect(started.filter((id) => id.startsWith('BBBB'))).toHaveLength(3);
    expect(started.filter((id) => id.startsWith('AAAA'))).toHaveLength(4);
    while (release.length > 0) {
      release.shift()?.();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await Promise.all([...a, ...b]);
  });

  it('a caller that aborts while waiting leaves the queue and is never sent', async () => {
    const { client, release, started } = holdAndCount();
    const held = Array.from({ length: 4 }, () => client.stopSession(ID, { share: 'a' }));
    await vi.waitFor(() => expect(release).toHaveLength(4));
    const controller = new AbortController();
    const waiting = client.getSessionInfo(ID, { share: 'a', signal: controller.signal });
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ code: 'aborted' });
    for (const done of release.splice(0)) {
      done();
    }
    await Promise.all(held);
    expect(started).toHaveLength(4);
  });
});
