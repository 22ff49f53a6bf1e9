/**
 * Two replicas on one Postgres behind one public URL, no webhook secret configured: the master
 * secret is generated once in the database and read by the other replica, so every delivery the
 * simulator sends (each instance's hook with its own secret) is accepted by whichever replica the
 * load balancer (a round-robin proxy here) hands it to. A forged delivery is refused by both.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Simulator } from '@wawp-gateway/gateway/simulator';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLeftovers } from '../utils/leftovers';
import { createTestSchema, type TestSchema } from '../utils/pg-schema';
import { waitFor } from '../utils/wait';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import { startAtSimulator, startSimulator, startTestGateway, type TestGateway } from './support';

const leftovers = createLeftovers();
let simulator: Simulator;
let db: TestSchema;
let replicas: TestGateway[];
/** What each replica answered to the deliveries the proxy forwarded. */
const answered: { replica: number; status: number }[] = [];
let proxy: Server;

/** A load balancer: forwards each webhook delivery to the next replica in turn. */
async function startProxy(targets: () => string[]): Promise<string> {
  let next = 0;
  proxy = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) {
      chunks.push(chunk as Buffer);
    }
    const replica = next++ % targets().length;
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && entry[0] !== 'host',
      ),
    );
    const forwarded = await fetch(new URL(request.url ?? '/', targets()[replica]), {
      method: request.method,
      headers,
      body: Buffer.concat(chunks),
    });
    answered.push({ replica, status: forwarded.status });
    response.writeHead(forwarded.status, { 'content-type': 'application/json' });
    response.end(await forwarded.text());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  leftovers.add(
    proxy,
    (server) => new Promise((resolve) => server.close(() => resolve(undefined))),
  );
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  db = createTestSchema(leftovers, 'e2e_whcred');
  simulator = leftovers.add(
    await startSimulator({
      timeScale: 10,
      instances: 2,
      accessToken: `whcred-${randomBytes(6).toString('hex')}`,
    }),
    (s) => s.stop(),
  );
  replicas = [];
  const publicUrl = await startProxy(() => replicas.map((replica) => replica.url));
  for (let i = 0; i < 2; i++) {
    replicas.push(
      leftovers.add(
        await startTestGateway({
          simulator,
          config: { databaseUrl: db.databaseUrl, publicUrl, webhookTokens: [] },
          databaseSchema: db.schema,
        }),
        (t) => t.gateway.stop(),
      ),
    );
  }
}, 60_000);

afterAll(() => leftovers.disposeAll());

it('every delivery is accepted by either replica; a forged one by neither', {
  timeout: 60_000,
}, async () => {
  const { rows } = await db.pool.query<{ n: string }>(
    `select count(*) as n from "${db.schema}".gateway_secrets`,
  );
  expect(Number(rows[0]?.n)).toBe(1);
  // the simulator's own sessions move: its webhooks are all the replicas hear of it
  for (const instanceId of simulator.instanceIds()) {
    await startAtSimulator(simulator, instanceId);
  }
  await waitFor(
    () => new Set(answered.map((a) => a.replica)).size === 2 && answered.length >= 4,
    30_000,
  );
  expect(answered.filter((a) => a.status >= 300)).toEqual([]);

  const [id] = simulator.instanceIds() as [string];
  const forged = sessionStatusEnvelope({ instanceId: id, status: 'WORKING' });
  for (const replica of replicas) {
    const answer = await postWebhook(replica.url, forged, { token: 'f'.repeat(43) });
    expect(answer.status).toBe(401);
  }
});
