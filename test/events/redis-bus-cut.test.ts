/**
 * Two replicas on one Postgres with `GATEWAY_BUS` pointing at a `redis-server` this test owns.
 * While webhooks stream in through both replicas, the Redis server is killed and, 5 s later,
 * started again on the same port. Every subscriber, on either replica (per instance and fleet
 * wide), must still get every event of the log exactly once and in order: what the bus missed is
 * read from the log. Both replicas say so in their logs, and in their metrics.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  changesOf,
  cursorsOf,
  type EventStream,
  strictlyIncreasing,
  subscribeEvents,
} from '../utils/event-stream';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import type { TestSchema } from '../utils/pg-schema';
import { type OwnRedis, startOwnRedis } from '../utils/redis-server';
import { sleep } from '../utils/wait';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import {
  type ReplicaProcess,
  startReplicaProcess,
  startReplicaWorld,
  startTestGateway,
  type TestGateway,
  watchAsAdmin,
} from './support';

const TOKEN = 'redis-cut-webhook-token';
const CUT_MS = 5_000;

const leftovers = createLeftovers();
let redis: OwnRedis;
let db: TestSchema;
let a: ReplicaProcess;
let b: TestGateway;
let adminKey: string;
let ids: string[];

beforeAll(async () => {
  redis = leftovers.add(await startOwnRedis(), (r) => r.stop());
  const world = await startReplicaWorld(leftovers, {
    name: 'rediscut',
    timeScale: 5,
    instances: 3,
    pollIntervalMs: 2_000,
    config: { webhookTokens: [TOKEN], bus: redis.url, logLevel: 'info' },
  });
  ({ db, adminKey } = world);
  const { simulator, config } = world;
  ids = simulator.instanceIds();
  b = leftovers.add(await startTestGateway({ simulator, config, databaseSchema: db.schema }), (t) =>
    t.gateway.stop(),
  );
  a = leftovers.add(await startReplicaProcess({ config, databaseSchema: db.schema }), (replica) =>
    replica.kill(),
  );
});

afterAll(() => leftovers.disposeAll());

/** Seqs of the log's events (access changes aside) after `afterSeq`, of `instanceIds` or all. */
const loggedSeqs = async (afterSeq: number, instanceIds: string[] | null) => {
  const { rows } = await db.pool.query<{ seq: string }>(
    `select seq from "${db.schema}".session_events
      where seq > $1 and kind not in ('ApiKeyRevoked', 'ConnectLinkEnded', 'InstanceAssigned')
        and ($2::text[] is null or instance_id = any($2))
      order by seq`,
    [afterSeq, instanceIds],
  );
  return rows.map((row) => Number(row.seq));
};

/** The highest cursor among a stream's snapshots: what it was shown, the rest must follow. */
const snapshotCursor = (stream: EventStream) =>
  Math.max(
    ...stream.events.filter((e) => e.__typename === 'SessionSnapshot').map((e) => Number(e.cursor)),
  );

const metric = async (url: string, name: string) => {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : null;
};

it('loses nothing while the replicas are cut off Redis for 5 s, and says so', {
  timeout: 120_000,
}, async () => {
  const [one, two, three] = ids as [string, string, string];
  const streams: { stream: EventStream; instanceIds: string[] | null }[] = [
    { stream: watchAsAdmin(leftovers, a.url, adminKey, one), instanceIds: [one] },
    { stream: watchAsAdmin(leftovers, a.url, adminKey, two), instanceIds: [two] },
    { stream: watchAsAdmin(leftovers, b.url, adminKey, one), instanceIds: [one] },
    { stream: watchAsAdmin(leftovers, b.url, adminKey, three), instanceIds: [three] },
  ];
  const socket = leftovers.add(connectWs(b.url, `Bearer ${adminKey}`), (c) => c.dispose());
  const fleet = leftovers.add(subscribeEvents(socket, { id: null }), (s) => s.stop());
  streams.push({ stream: fleet, instanceIds: null });
  await Promise.all([
    ...streams.slice(0, 4).map(({ stream }) => stream.take(1)),
    fleet.take(ids.length),
  ]);

  const lastTs = new Map<string, number>();
  let round = 0;
  const startedAt = Date.now();
  let cut: Promise<void> | null = null;
  while (Date.now() - startedAt < 14_000) {
    const elapsed = Date.now() - startedAt;
    if (!cut && elapsed > 3_000) {
      cut = redis.kill().then(async () => {
        await sleep(CUT_MS);
        await redis.restart();
      });
    }
    const status = round % 2 === 0 ? 'STARTING' : 'STOPPED';
    await Promise.all(
      ids.map(async (instanceId, i) => {
        const timestamp = Math.max(Date.now(), (lastTs.get(instanceId) ?? 0) + 1);
        lastTs.set(instanceId, timestamp);
        const target = (round + i) % 2 === 0 ? a.url : b.url;
        const delivery = sessionStatusEnvelope({ instanceId, status, timestamp });
        expect((await postWebhook(target, delivery, { token: TOKEN })).status).toBe(202);
      }),
    );
    await sleep(100);
    round += 1;
  }
  await cut;
  // after the restart, both replicas are back on the bus and everything has arrived
  await sleep(2_000);
  for (const { stream, instanceIds } of streams) {
    const from = snapshotCursor(stream);
    const expected = await loggedSeqs(from, instanceIds);
    await stream.until((events) => changesOf(events).length >= expected.length, 20_000);
    const got = cursorsOf(changesOf(stream.events));
    expect(strictlyIncreasing(got)).toBe(true);
    expect(got).toEqual(await loggedSeqs(from, instanceIds));
  }
  const total = (await loggedSeqs(0, null)).length;
  console.log(`${total} events in the log from ${round * ids.length} webhooks`);
  expect(total).toBeGreaterThan(30);

  for (const log of [a.output(), b.logs.join('')]) {
    expect(log).toContain('bus: lost Redis');
    expect(log).toMatch(/bus: Redis is back; \d+ events were read from the event log meanwhile/);
  }
  for (const url of [a.url, b.url]) {
    expect(await metric(url, 'wawp_bus_connected')).toBe(1);
    expect(await metric(url, 'wawp_bus_disconnects_total')).toBeGreaterThanOrEqual(1);
    expect(await metric(url, 'wawp_bus_fallback_events_total')).toBeGreaterThan(0);
    expect(await metric(url, 'wawp_bus_received_total')).toBeGreaterThan(0);
  }
});
