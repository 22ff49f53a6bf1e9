import { afterEach, expect, it } from 'vitest';
import { createHarness } from '../testing/simulator-fixtures';
import type { RequestLogEntry } from './request-log';

const harness = createHarness();
afterEach(() => harness.dispose());

const TOKEN = 'super-secret-token-123';

it('logs Wawp requests without query strings and never holds the token', async () => {
  const lines: unknown[] = [];
  const logger = { info: (obj: object) => lines.push(obj), warn: (obj: object) => lines.push(obj) };
  const sim = await harness.start({ accessToken: TOKEN, logger });
  const [a, b] = sim.ids as [string, string];
  await sim.call('/v2/session/info', a, { query: { format: 'raw' } });
  await sim.raw('/v2/session/start', {
    method: 'POST',
    json: { instance_id: b, access_token: TOKEN },
  });
  await sim.raw('/v2/session/me', {
    query: { instance_id: a },
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  await sim.raw('/v2/session/info', { query: { instance_id: a, access_token: 'wrong' } });
  await sim.raw(`/v2/${TOKEN}`, { query: { access_token: TOKEN } });
  await sim.raw('/v2/session/info', { query: { instance_id: TOKEN, access_token: TOKEN } });

  const log = await sim.raw<RequestLogEntry[]>('/_sim/requests');
  expect(log.json.slice(0, 4)).toEqual([
    {
      method: 'GET',
      path: '/v2/session/info',
      instance_id: a,
      status: 200,
      timestamp: expect.any(Number),
    },
    {
      method: 'POST',
      path: '/v2/session/start',
      instance_id: b,
      status: 200,
      timestamp: expect.any(Number),
    },
    {
      method: 'GET',
      path: '/v2/session/me',
      instance_id: a,
      status: 200,
      timestamp: expect.any(Number),
    },
    {
      method: 'GET',
      path: '/v2/session/info',
      instance_id: a,
      status: 401,
      timestamp: expect.any(Number),
    },
  ]);
  expect(log.json).toHaveLength(6);
  for (const entry of log.json) {
    expect(Math.abs(entry.timestamp - Date.now())).toBeLessThan(10_000);
  }
  expect(log.text).not.toContain(TOKEN);
  expect(JSON.stringify(lines)).not.toContain(TOKEN);
  expect(lines.length).toBeGreaterThan(0);
});

it('filters by instance_id and clears on DELETE', async () => {
  const sim = await harness.start();
  const [a, b] = sim.ids as [string, string];
  await sim.call('/v2/session/info', a);
  await sim.call('/v2/session/info', b);
  await sim.call('/v2/session/me', a);
  const onlyA = await sim.raw<RequestLogEntry[]>(`/_sim/requests?instance_id=${a}`);
  expect(onlyA.json.map((entry) => entry.path)).toEqual(['/v2/session/info', '/v2/session/me']);
  expect((await sim.raw('/_sim/requests', { method: 'DELETE' })).status).toBe(200);
  expect((await sim.raw<RequestLogEntry[]>('/_sim/requests')).json).toEqual([]);
});

it('does not log the control surface', async () => {
  const sim = await harness.start();
  await sim.raw('/_sim/instances');
  await sim.raw('/_sim/faults');
  expect((await sim.raw<RequestLogEntry[]>('/_sim/requests')).json).toEqual([]);
});
