/**
 * 1,000 concurrent `sessionInfo` queries for one instance cost one Wawp call; five aliases of one
 * instance in one query cost one call; and Wawp never sees two status reads of one instance from
 * this gateway less than 2 s apart. Counted in the simulator's request log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { createDeferred, createLeftovers } from '../utils/leftovers';
import { gapsOf, type SimRequest, simControl } from '../utils/simulator-control';
import { sleep } from '../utils/wait';

const FLOOR_MS = 2_000;
/** Loopback jitter allowed between the gateway starting a read and the simulator logging it. */
const JITTER_MS = 50;

const leftovers = createLeftovers();
let h: Harness;
let sim: ReturnType<typeof simControl>;
let ids: string[];
/** While set, the gateway's `session/info` requests for `hold.instanceId` wait for `hold.until`. */
let hold: { instanceId: string; until: Promise<void> } | null = null;

const STATUS_ROUTES = new Set(['/v2/session/info']);
const statusReads = async (id: string): Promise<SimRequest[]> =>
  (await sim.requests(id)).filter((r) => STATUS_ROUTES.has(r.path));

/**
 * Resolves once the event loop is idle (two 20 ms sleeps in a row overrun by < 10 ms): every
 * request that arrived has been parsed, authorised and parked on the held read.
 */
async function untilIdle(maxMs = 5_000) {
  const deadline = Date.now() + maxMs;
  let quiet = 0;
  while (quiet < 2 && Date.now() < deadline) {
    const before = Date.now();
    await sleep(20);
    quiet = Date.now() - before < 30 ? quiet + 1 : 0;
  }
}

const SESSION_INFO = 'query($id: ID!) { sessionInfo(instanceId: $id) { status observedAt } }';

beforeAll(async () => {
  h = leftovers.add(
    await startGateway({
      simulator: { timeScale: 20, instances: 4 },
      config: { logLevel: 'warn' },
      // A held read must not time out while the burst arrives.
      wawp: { timeouts: { readMs: 60_000 } },
      wrapFetch: (forward) => async (input, init) => {
        const current = hold;
        const url = new URL(String(input));
        if (
          current &&
          url.pathname === '/v2/session/info' &&
          url.searchParams.get('instance_id') === current.instanceId
        ) {
          await current.until;
        }
        return forward(input, init);
      },
    }),
    (harness) => harness.stop(),
  );
  sim = simControl(h.simUrl);
  ids = h.gateway.simulator!.instanceIds();
});

afterAll(() => leftovers.disposeAll());

describe('cross-request single flight', () => {
  it('1,000 concurrent sessionInfo queries for one instance cause one session/info', async () => {
    const id = ids[0]!;
    const burst = 1_000;
    // Nothing has read this instance yet: the window is the whole burst.
    expect(await statusReads(id)).toEqual([]);
    // One process sends and serves, so the 1,000 requests reach the server over a few seconds.
    // Wawp "answers slowly": the gateway's one read is held until every request has arrived,
    // so all 1,000 are provably concurrent with it (none is served by an earlier cache).
    const arrived = createDeferred();
    let arrivals = 0;
    const onRequest = () => {
      arrivals += 1;
      if (arrivals === burst) {
        void untilIdle().then(arrived.resolve);
      }
    };
    h.gateway.server.on('request', onRequest);
    hold = { instanceId: id, until: arrived.promise };
    try {
      const results = await Promise.all(
        Array.from({ length: burst }, () =>
          gql<{ sessionInfo: { status: string; observedAt: string } }>(
            h.url,
            h.adminKey,
            SESSION_INFO,
            { id },
          ),
        ),
      );
      const answers = results.map((result) => dataOf(result).sessionInfo);
      expect(answers).toHaveLength(burst);
      expect(new Set(answers.map((a) => a.status))).toEqual(new Set(['STOPPED']));
      // One read: every answer carries the same observation.
      expect(new Set(answers.map((a) => a.observedAt)).size).toBe(1);
      expect(await statusReads(id)).toHaveLength(1);
    } finally {
      hold = null;
      arrived.resolve();
      h.gateway.server.off('request', onRequest);
    }
  });

  it('five aliases of one instance in one query cause one call', async () => {
    const id = ids[1]!;
    expect(await statusReads(id)).toEqual([]);
    const result = await gql<Record<string, { status: string }>>(
      h.url,
      h.adminKey,
      `query($id: ID!) {
        a: sessionInfo(instanceId: $id) { status }
        b: sessionInfo(instanceId: $id) { status }
        c: sessionInfo(instanceId: $id) { status }
        d: instance(instanceId: $id) { session { status } }
        e: sessionInfo(instanceId: $id) { status observedAt }
      }`,
      { id },
    );
    expect(Object.keys(dataOf(result))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(await statusReads(id)).toHaveLength(1);
  });

  it('five aliases over different instances cost one call each, no more', async () => {
    const [x, y] = [ids[2]!, ids[3]!];
    await sim.clearRequests();
    const result = await gql(
      h.url,
      h.adminKey,
      `query($x: ID!, $y: ID!) {
        a: sessionInfo(instanceId: $x) { status }
        b: sessionInfo(instanceId: $y) { status }
        c: sessionInfo(instanceId: $x) { status }
        d: instance(instanceId: $y) { session { status } }
        e: instances { instanceId session { status } }
      }`,
      { x, y },
    );
    dataOf(result);
    expect(await statusReads(x)).toHaveLength(1);
    expect(await statusReads(y)).toHaveLength(1);
  });
});

describe('the 2 s floor', () => {
  it('two status reads of one instance are never less than 2 s apart', async () => {
    const id = ids[0]!;
    await sleep(FLOOR_MS);
    await sim.clearRequests();
    // ~5.5 s of queries every 100 ms, mixing plain reads, reads through `instance` and the reads
    // `qrCode` and `me` make, plus actions in between, which must not reset the floor.
    const deadline = Date.now() + 5_500;
    const inFlight: Promise<unknown>[] = [];
    let n = 0;
    while (Date.now() < deadline) {
      n += 1;
      const query =
        n % 3 === 0
          ? 'query($id: ID!) { instance(instanceId: $id) { session { status } } me(instanceId: $id) { id } }'
          : n % 3 === 1
            ? SESSION_INFO
            : 'query($id: ID!) { qrCode(instanceId: $id) { value } }';
      inFlight.push(gql(h.url, h.adminKey, query, { id }).then(dataOf));
      if (n === 20) {
        inFlight.push(
          gql(
            h.url,
            h.adminKey,
            'mutation($id: ID!) { startSession(instanceId: $id) { status } }',
            { id },
          ).then(dataOf),
        );
      }
      await sleep(100);
    }
    await Promise.all(inFlight);
    const reads = await statusReads(id);
    const gaps = gapsOf(reads);
    // The queries asked for fresh state all along: the floor, not a lack of demand, spaced them.
    expect(reads.length, `reads at ${reads.map((r) => r.timestamp)}`).toBeGreaterThanOrEqual(2);
    expect(reads.length).toBeLessThanOrEqual(4);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FLOOR_MS - JITTER_MS);
  });

  it('requestPairingCode (which needs fresh state) still waits for the floor', async () => {
    const id = ids[1]!;
    await sim.clearRequests();
    await gql(h.url, h.adminKey, SESSION_INFO, { id }).then(dataOf);
    const pairing = await gql(
      h.url,
      h.adminKey,
      'mutation($id: ID!) { requestPairingCode(instanceId: $id, phoneNumber: "+20 114 520 2826") { code } }',
      { id },
    );
    dataOf(pairing);
    const reads = await statusReads(id);
    expect(reads.length).toBeGreaterThanOrEqual(2);
    const gaps = gapsOf(reads);
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(FLOOR_MS - JITTER_MS);
  });
});
