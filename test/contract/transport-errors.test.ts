import { describe, expect, it } from 'vitest';
import { gapsOf } from '../utils/simulator-control';
import { rejection } from './http-servers';
import { routeLog, useFileSimulator } from './sim-harness';

const file = useFileSimulator({ instances: 20 });
const { nextInstance } = file;

describe('5xx, malformed bodies, timeouts and resets', () => {
  it('503 on session/info is tried 3 times, 2 s apart; 500/502 on actions once', async () => {
    const id = nextInstance();
    await file.sim.fault({ instanceId: id, errorStatus: 503, route: 'session/info' });
    await file.sim.fault({ instanceId: id, errorStatus: 500, route: 'session/logout' });
    await file.sim.fault({ instanceId: id, errorStatus: 502, route: 'session/start' });
    const client = file.sim.client();
    expect(await rejection(client.getSessionInfo(id))).toMatchObject({
      kind: 'upstream',
      httpStatus: 503,
    });
    const info = await routeLog(file.sim, id, 'session/info');
    expect(info).toHaveLength(3);
    for (const gap of gapsOf(info)) {
      expect(gap).toBeGreaterThanOrEqual(2_000);
    }
    expect(await rejection(client.logoutSession(id))).toMatchObject({
      kind: 'upstream',
      httpStatus: 500,
    });
    expect(await rejection(client.startSession(id))).toMatchObject({
      kind: 'upstream',
      httpStatus: 502,
    });
    expect(await routeLog(file.sim, id, 'session/logout')).toHaveLength(1);
    expect(await routeLog(file.sim, id, 'session/start')).toHaveLength(1);
  }, 30_000);

  it('malformed JSON -> bad_response, not retried', async () => {
    const id = nextInstance();
    await file.sim.fault({ instanceId: id, malformedJson: true });
    const error = await rejection(file.sim.client().getSessionInfo(id));
    expect(error).toMatchObject({ kind: 'bad_response', httpStatus: 200, code: 'malformed_body' });
    expect(await routeLog(file.sim, id, 'session/info')).toHaveLength(1);
  });

  it('a slow answer times out at the deadline; a read retries and recovers', async () => {
    const id = nextInstance();
    const client = file.sim.client({ timeouts: { readMs: 300, actionMs: 300 } });
    await file.sim.fault({ instanceId: id, route: 'session/stop', latencyMs: 1_500 });
    const started = Date.now();
    expect(await rejection(client.stopSession(id))).toMatchObject({
      kind: 'timeout',
      code: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(1_000);

    await file.sim.fault({ instanceId: id, route: 'session/info', latencyMs: 1_500, times: 1 });
    await expect(client.getSessionInfo(id)).resolves.toMatchObject({ status: 'STOPPED' });
    expect(await routeLog(file.sim, id, 'session/info')).toHaveLength(2);
  });

  it('a connection reset -> upstream for an action; a read retries and recovers', async () => {
    const id = nextInstance();
    await file.sim.fault({ instanceId: id, route: 'session/restart', reset: true });
    const error = await rejection(file.sim.client().restartSession(id));
    expect(error).toMatchObject({ kind: 'upstream', httpStatus: undefined });
    expect((await routeLog(file.sim, id, 'session/restart')).map((e) => e.status)).toEqual([0]);

    await file.sim.fault({ instanceId: id, route: 'session/info', reset: true, times: 1 });
    await expect(file.sim.client().getSessionInfo(id)).resolves.toMatchObject({ instanceId: id });
    expect((await routeLog(file.sim, id, 'session/info')).map((e) => e.status)).toEqual([0, 200]);
  });

  it('the breaker opens on repeated 502s and then spares the simulator', async () => {
    const id = nextInstance();
    await file.sim.fault({ instanceId: id, route: 'session/stop', errorStatus: 502 });
    const client = file.sim.client();
    for (let i = 0; i < 12; i++) {
      await client.stopSession(id).catch(() => undefined);
    }
    expect(client.breakerState(id)).toBe('open');
    const before = (await routeLog(file.sim, id, 'session/stop')).length;
    expect(await rejection(client.getSessionInfo(id))).toMatchObject({
      kind: 'upstream',
      code: 'circuit_open',
    });
    expect((await routeLog(file.sim, id, 'session/stop')).length).toBe(before);
    expect(await routeLog(file.sim, id, 'session/info')).toHaveLength(0);
  });
});
