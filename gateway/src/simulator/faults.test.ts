import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, request } from '../testing/simulator-fixtures';

const harness = createHarness();
afterEach(() => harness.dispose());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('HTTP faults', () => {
  it("injects 5xx with Wawp's error bodies, scoped by route and instance", async () => {
    const sim = await harness.start();
    const [a, b] = sim.ids as [string, string];
    await sim.raw('/_sim/faults', {
      method: 'POST',
      json: [
        { route: '/v2/session/info', instanceId: a, errorStatus: 502 },
        { route: 'session/me', errorStatus: 500 },
      ],
    });
    const upstream = await sim.call('/v2/session/info', a);
    expect(upstream.status).toBe(502);
    expect(upstream.json).toMatchObject({ status: 502, code: 'wawp_upstream_error' });
    expect((await sim.call('/v2/session/info', b)).status).toBe(200);
    expect((await sim.call('/v2/session/start', a)).status).toBe(200);
    const internal = await sim.call('/v2/session/me', b);
    expect(internal.status).toBe(500);
    expect(internal.json).toMatchObject({ status: 500, code: 'internal_error' });
  });

  it('injects 403 subscription_required on session/webhook', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await sim.raw('/_sim/faults', {
      method: 'POST',
      json: { route: 'session/webhook', errorStatus: 403 },
    });
    const reply = await sim.call('/v2/session/webhook', id);
    expect(reply.status).toBe(403);
    expect(reply.json).toMatchObject({ status: 403, code: 'subscription_required' });
  });

  it('expires a rule after `times` requests', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await sim.raw('/_sim/faults', { method: 'POST', json: { errorStatus: 503, times: 2 } });
    const statuses = [];
    for (let i = 0; i < 3; i += 1) {
      statuses.push((await sim.call('/v2/session/info', id)).status);
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect((await sim.raw<{ faults: unknown[] }>('/_sim/faults')).json.faults).toEqual([]);
  });

  it('answers malformed JSON with the real status', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await sim.raw('/_sim/faults', { method: 'POST', json: { malformedJson: true } });
    const reply = await sim.call('/v2/session/info', id);
    expect(reply.status).toBe(200);
    expect(reply.headers.get('content-type')).toContain('application/json');
    expect(reply.text.length).toBeGreaterThan(0);
    expect(() => JSON.parse(reply.text)).toThrow();
  });

  it('resets the connection and logs the request with status 0', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await sim.raw('/_sim/faults', { method: 'POST', json: { reset: true, instanceId: id } });
    await expect(sim.call('/v2/session/info', id)).rejects.toThrow();
    const log = await sim.raw<Array<{ status: number }>>(`/_sim/requests?instance_id=${id}`);
    expect(log.json.map((entry) => entry.status)).toEqual([0]);
  });

  it('adds latency and injects 429 with Retry-After', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    await sim.raw('/_sim/faults', {
      method: 'POST',
      json: { latencyMs: 150, rateLimit: true, retryAfterS: 7 },
    });
    const started = Date.now();
    const reply = await sim.call('/v2/session/start', id);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(reply.status).toBe(429);
    expect(reply.headers.get('retry-after')).toBe('7');
    expect(reply.json).toMatchObject({ status: 429, code: 'rate_limited' });
  });

  it('DELETE /_sim/faults removes one rule by id or all of them', async () => {
    const sim = await harness.start();
    const [id] = sim.ids as [string];
    const added = await sim.raw<{ faults: Array<{ id: string }> }>('/_sim/faults', {
      method: 'POST',
      json: [{ errorStatus: 500 }, { latencyMs: 1 }],
    });
    const [first] = added.json.faults;
    await sim.raw(`/_sim/faults?id=${first!.id}`, { method: 'DELETE' });
    expect((await sim.raw<{ faults: unknown[] }>('/_sim/faults')).json.faults).toHaveLength(1);
    expect((await sim.call('/v2/session/info', id)).status).toBe(200);
    await sim.raw('/_sim/faults', { method: 'POST', json: { errorStatus: 500 } });
    await sim.raw('/_sim/faults', { method: 'DELETE' });
    expect((await sim.raw<{ faults: unknown[] }>('/_sim/faults')).json.faults).toEqual([]);
    expect((await sim.call('/v2/session/info', id)).status).toBe(200);
  });

  it('rejects unknown or out-of-range fault fields with 400', async () => {
    const sim = await harness.start();
    for (const body of [{ errorStatuz: 500 }, { errorRate: 2 }, { errorStatus: 200 }, '{oops']) {
      const reply = await sim.raw('/_sim/faults', { method: 'POST', json: body });
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.json).toMatchObject({ code: 'invalid_body' });
    }
  });
});

describe('session faults', () => {
  it('keeps a session stuck in STARTING until a restart without the fault', async () => {
    const sim = await harness.start({ bootMs: 1_000 });
    const [stuck, fine] = sim.ids as [string, string];
    await sim.raw('/_sim/faults', {
      method: 'POST',
      json: { instanceId: stuck, stuckStarting: true },
    });
    await sim.call('/v2/session/start', stuck);
    await sim.call('/v2/session/start', fine);
    await sim.waitForStatus(fine, 'SCAN_QR_CODE');
    await sleep(50); // 5 boot times at 100x
    expect((await sim.view(stuck)).status).toBe('STARTING');
    await sim.raw('/_sim/faults', { method: 'DELETE' });
    await sleep(30);
    expect((await sim.view(stuck)).status).toBe('STARTING');
    await sim.call('/v2/session/restart', stuck);
    await sim.waitForStatus(stuck, 'SCAN_QR_CODE');
  });
});

it('leaves the control surface alone', async () => {
  const sim = await harness.start();
  await sim.raw('/_sim/faults', { method: 'POST', json: { errorStatus: 500, reset: true } });
  const reply = await request(`${sim.url}/_sim/instances`);
  expect(reply.status).toBe(200);
});
