/**
 * The upstream budget of one operation, against a real gateway and its embedded simulator:
 * `screenshot` is single-flighted like `sessionInfo` (ten aliases, or a burst of requests, are one
 * Wawp call); an operation may make at most 3 distinct Wawp calls, and the fields past that fail
 * with `UPSTREAM_BUDGET_EXCEEDED`; list fields answer from the state the gateway holds, so listing
 * the fleet costs no burst of Wawp calls and never spends the budget. Counted in the simulator's
 * request log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { createLeftovers } from '../utils/leftovers';
import { type SimRequest, simControl } from '../utils/simulator-control';
import { sleep } from '../utils/wait';

const FLOOR_MS = 2_000;
const INSTANCES = 12;

const leftovers = createLeftovers();
let h: Harness;
let sim: ReturnType<typeof simControl>;
let ids: string[];

const admin = <T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>) =>
  gql<T>(h.url, h.adminKey, query, variables);

const onRoute = (requests: SimRequest[], route: string) =>
  requests.filter((r) => r.path === `/v2/${route}`);

/** `session/info` reads per instance id since the log was last cleared. */
async function infoReadsPerInstance(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const request of onRoute(await sim.requests(), 'session/info')) {
    counts.set(request.instance_id ?? '', (counts.get(request.instance_id ?? '') ?? 0) + 1);
  }
  return counts;
}

beforeAll(async () => {
  h = leftovers.add(
    await startGateway({
      simulator: { timeScale: 20, instances: INSTANCES },
      config: { logLevel: 'warn' },
    }),
    (harness) => harness.stop(),
  );
  sim = simControl(h.simUrl);
  ids = h.gateway.simulator!.instanceIds();
  expect(ids).toHaveLength(INSTANCES);
});

afterAll(() => leftovers.disposeAll());

describe('screenshot is shared like sessionInfo', () => {
  it('ten aliases of screenshot on one instance in one operation make 1 Wawp call', async () => {
    const id = ids[0]!;
    await sim.clearRequests();
    const aliases = Array.from(
      { length: 10 },
      (_, n) => `s${n}: screenshot(instanceId: $id) { mimeType dataUrl }`,
    );
    const result = await admin<Record<string, unknown>>(
      `query($id: ID!) { ${aliases.join(' ')} }`,
      { id },
    );
    const data = dataOf(result);
    expect(Object.keys(data)).toHaveLength(10);
    expect(new Set(Object.values(data).map((shot) => JSON.stringify(shot))).size).toBe(1);
    expect(onRoute(await sim.requests(id), 'auth/screenshot')).toHaveLength(1);
  });

  it('a burst of 200 concurrent screenshot requests makes 1 Wawp call', async () => {
    const id = ids[1]!;
    await sim.clearRequests();
    const results = await Promise.all(
      Array.from({ length: 200 }, () =>
        admin('query($id: ID!) { screenshot(instanceId: $id) { mimeType } }', { id }),
      ),
    );
    for (const result of results) {
      dataOf(result);
    }
    expect(onRoute(await sim.requests(id), 'auth/screenshot')).toHaveLength(1);
  });
});

describe('at most 3 distinct Wawp calls per operation', () => {
  it('the fourth distinct read fails with UPSTREAM_BUDGET_EXCEEDED; the first three have data', async () => {
    const [a, b, c, d] = [ids[2]!, ids[3]!, ids[4]!, ids[5]!];
    await sleep(FLOOR_MS);
    await sim.clearRequests();
    const result = await admin<Record<string, { status: string } | null>>(
      `query($a: ID!, $b: ID!, $c: ID!, $d: ID!) {
        a: sessionInfo(instanceId: $a) { status }
        b: sessionInfo(instanceId: $b) { status }
        c: sessionInfo(instanceId: $c) { status }
        again: sessionInfo(instanceId: $a) { status observedAt }
        d: me(instanceId: $d) { id }
      }`,
      { a, b, c, d },
    );
    expect(result.data).toMatchObject({
      a: { status: 'STOPPED' },
      b: { status: 'STOPPED' },
      c: { status: 'STOPPED' },
      again: { status: 'STOPPED' },
      d: null,
    });
    expect(
      result.errors?.map((e) => [(e as { path?: string[] }).path, e.extensions?.code]),
    ).toEqual([[['d'], 'UPSTREAM_BUDGET_EXCEEDED']]);
    expect(result.errors?.[0]?.extensions?.limit).toBe(3);
    expect(result.status).toBe(422);
    const requests = await sim.requests();
    // one read each of a, b and c (the alias of a costs nothing), and nothing at all of d
    expect(
      onRoute(requests, 'session/info')
        .map((r) => r.instance_id)
        .sort(),
    ).toEqual([a, b, c].sort());
    expect(requests.filter((r) => r.instance_id === d)).toEqual([]);
  });

  it('mutations count: the fourth action of one operation is refused without reaching Wawp', async () => {
    const id = ids[6]!;
    await sim.clearRequests();
    const result = await admin<Record<string, { status: string } | null>>(
      `mutation($id: ID!) {
        a: startSession(instanceId: $id) { status }
        b: stopSession(instanceId: $id) { status }
        c: startSession(instanceId: $id) { status }
        d: stopSession(instanceId: $id) { status }
      }`,
      { id },
    );
    expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_BUDGET_EXCEEDED']);
    const actions = (await sim.requests(id)).filter((r) =>
      /^\/v2\/session\/(start|stop)$/.test(r.path),
    );
    expect(actions).toHaveLength(3);
    await sleep(FLOOR_MS);
    await admin('mutation($id: ID!) { stopSession(instanceId: $id) { status } }', { id });
  });
});

describe('list fields answer from the state the gateway holds', () => {
  const FLEET = `{
    instances { instanceId session { status observedAt stale } }
    tenants { instances { session { status } } }
  }`;
  type Fleet = {
    instances: {
      instanceId: string;
      session: { status: string; observedAt: string; stale: boolean };
    }[];
  };

  it('listing 12 instances costs at most one read each, then none, and never the budget', async () => {
    await sleep(FLOOR_MS);
    await sim.clearRequests();
    const first = dataOf(await admin<Fleet>(FLEET));
    expect(first.instances.map((i) => i.instanceId).sort()).toEqual([...ids].sort());
    const firstReads = await infoReadsPerInstance();
    expect(Math.max(0, ...firstReads.values())).toBeLessThanOrEqual(1);

    // Within the floor, and however often it is asked: no Wawp call at all.
    await sim.clearRequests();
    const again = await Promise.all(Array.from({ length: 5 }, () => admin<Fleet>(FLEET)));
    for (const result of again) {
      expect(dataOf(result).instances).toHaveLength(INSTANCES);
    }
    expect(onRoute(await sim.requests(), 'session/info')).toEqual([]);
  });

  it('held state older than the floor is answered at once, marked stale, and refreshed once', async () => {
    dataOf(await admin<Fleet>(FLEET));
    await sleep(FLOOR_MS + 200);
    await sim.clearRequests();
    const held = dataOf(await admin<Fleet>(FLEET));
    expect(held.instances.every((i) => i.session.stale)).toBe(true);
    // The background refresh: one read per instance, whichever listings asked meanwhile.
    dataOf(await admin<Fleet>(FLEET));
    await expect
      .poll(async () => [...(await infoReadsPerInstance()).values()].reduce((x, y) => x + y, 0), {
        timeout: 5_000,
      })
      .toBe(INSTANCES);
    expect(Math.max(...(await infoReadsPerInstance()).values())).toBe(1);
    const refreshed = dataOf(await admin<Fleet>(FLEET));
    expect(refreshed.instances.every((i) => !i.session.stale)).toBe(true);
    const before = new Map(held.instances.map((i) => [i.instanceId, i.session.observedAt]));
    for (const instance of refreshed.instances) {
      expect(Date.parse(instance.session.observedAt)).toBeGreaterThan(
        Date.parse(before.get(instance.instanceId)!),
      );
    }
  });

  it('a list beside three distinct reads stays within the budget', async () => {
    const [a, b, c] = [ids[7]!, ids[8]!, ids[9]!];
    const result = await admin(
      `query($a: ID!, $b: ID!, $c: ID!) {
        a: sessionInfo(instanceId: $a) { status }
        b: screenshot(instanceId: $b) { mimeType }
        c: me(instanceId: $c) { id }
        instances { instanceId session { status stale } }
      }`,
      { a, b, c },
    );
    dataOf(result);
  });
});
