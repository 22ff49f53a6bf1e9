/**
 * Revoking a key ends what it opened, on every transport and replica, at the revocation's place
 * in the log: a tenant's graphql-ws socket closes with 4403 and its SSE stream ends with
 * `UNAUTHENTICATED` within 1 s, and neither receives an event appended after the revocation.
 * Two gateway replicas share one Postgres schema and one simulator; the subscriptions are on
 * the replica that did not serve the revoke.
 */
import type { Simulator } from '@wawp-gateway/gateway/simulator';
import { CloseCode } from '@wawp-gateway/schema/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subscribeEvents } from '../utils/event-stream';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { createTestSchema, type TestSchema } from '../utils/pg-schema';
import { openSse } from '../utils/sse';
import { sleep } from '../utils/wait';
import { sessionAction, startSimulator, startTestGateway, type TestGateway } from './support';

const ADMIN = 'test-admin-key-0123456789';
const leftovers = createLeftovers();
let simulator: Simulator;
let db: TestSchema;
let a: TestGateway;
let b: TestGateway;

beforeAll(async () => {
  simulator = leftovers.add(await startSimulator({ timeScale: 20, instances: 4 }), (s) => s.stop());
  db = createTestSchema(leftovers, 'e2e_revoke');
  const start = () =>
    startTestGateway({
      simulator,
      config: { databaseUrl: db.databaseUrl, adminKey: ADMIN },
      databaseSchema: db.schema,
    });
  a = leftovers.add(await start(), (g) => g.gateway.stop());
  b = leftovers.add(await start(), (g) => g.gateway.stop());
}, 60_000);
afterAll(() => leftovers.disposeAll());

/** A tenant owning `instanceId`, and one key of it. */
async function tenantWith(instanceId: string) {
  const { createTenant } = dataOf(
    await gql<{ createTenant: { id: string } }>(
      a.url,
      ADMIN,
      'mutation($n: String!) { createTenant(name: $n) { id } }',
      { n: `t-${instanceId}` },
    ),
  );
  dataOf(
    await gql(
      a.url,
      ADMIN,
      'mutation($i: ID!, $t: ID) { assignInstance(instanceId: $i, tenantId: $t) { instanceId } }',
      {
        i: instanceId,
        t: createTenant.id,
      },
    ),
  );
  const { issueApiKey } = dataOf(
    await gql<{ issueApiKey: { id: string; key: string } }>(
      a.url,
      ADMIN,
      'mutation($t: ID!) { issueApiKey(tenantId: $t) { id key } }',
      { t: createTenant.id },
    ),
  );
  return issueApiKey;
}

/** The log position of the revocation of `keyId`. */
async function revokedAt(keyId: string): Promise<number> {
  const { rows } = await db.pool.query<{ seq: string }>(
    `select seq from "${db.schema}".session_events where kind = 'ApiKeyRevoked' and payload->>'keyId' = $1`,
    [keyId],
  );
  return Number(rows[0]?.seq);
}

describe.each([
  ['one replica', () => a],
  ['two replicas: subscribed on the one that did not serve the revoke', () => b],
])('revocation, %s', (_name, subscribedOn) => {
  it('closes the graphql-ws socket with 4403 and ends the SSE stream with UNAUTHENTICATED within 1 s, with no later event', async () => {
    const instanceId = simulator.instanceIds()[subscribedOn() === a ? 0 : 1] as string;
    const key = await tenantWith(instanceId);
    const on = subscribedOn();
    const socket = connectWs(on.url, `Bearer ${key.key}`);
    leftovers.add(socket, (s) => s.dispose());
    const ws = subscribeEvents(socket, { id: instanceId });
    const sse = await openSse(on.url, key.key, { id: instanceId });
    leftovers.add(sse, (s) => s.close());
    await ws.take(1);
    await sse.until((s) => s.events.length >= 1);

    const revokedFrom = Date.now();
    const revoked = await gql<{ revokeApiKey: boolean }>(
      a.url,
      ADMIN,
      'mutation($id: ID!) { revokeApiKey(id: $id) }',
      { id: key.id },
    );
    expect(dataOf(revoked).revokeApiKey).toBe(true);
    // the session starts right after: its events come after the revocation in the log
    await sessionAction(a.url, ADMIN, 'startSession', instanceId);

    const closed = await socket.closed;
    expect(closed.code).toBe(CloseCode.Forbidden);
    await sse.until((s) => s.done);
    const elapsedMs = Date.now() - revokedFrom;
    expect(elapsedMs).toBeLessThan(1_000 + 500); // 1 s, plus the start mutation's own time
    expect(sse.errors.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);

    const position = await revokedAt(key.id);
    await sleep(500);
    const later = [...ws.events, ...sse.events].filter((e) => Number(e.cursor) > position);
    expect(later).toEqual([]);
    expect([...ws.events, ...sse.events].map((e) => e.__typename)).not.toContain(
      'SessionStatusChanged',
    );
    // and the key opens nothing any more, on either replica
    for (const gateway of [a, b]) {
      const refused = connectWs(gateway.url, `Bearer ${key.key}`);
      leftovers.add(refused, (s) => s.dispose());
      expect((await refused.closed).code).toBe(CloseCode.Forbidden);
    }
  });
});
