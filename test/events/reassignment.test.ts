/**
 * History belongs to its owner at the time: after an instance moves from tenant A to tenant B,
 * A's open per-instance subscription ends with NOT_FOUND and A's fleet stops delivering it, and B
 * replaying from `after: "0"` (per instance and fleet, graphql-ws and SSE) starts with a fresh
 * snapshot and never sees A's account or QR codes; the admin still replays everything.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type EventStream, subscribeEvents, type WireEvent } from '../utils/event-stream';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { simControl } from '../utils/simulator-control';
import { openSse } from '../utils/sse';
import { sleep } from '../utils/wait';
import { type PostgresHarness, sessionAction, startGatewayOnPostgres } from './support';

const leftovers = createLeftovers();
let h: PostgresHarness;
afterAll(() => leftovers.disposeAll());

const admin = async <T>(query: string, variables: Record<string, unknown> = {}) =>
  dataOf(await gql<T>(h.url, h.adminKey, query, variables));

async function tenant(name: string) {
  const { createTenant } = await admin<{ createTenant: { id: string } }>(
    'mutation($n: String!) { createTenant(name: $n) { id } }',
    { n: name },
  );
  const { issueApiKey } = await admin<{ issueApiKey: { key: string } }>(
    'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }',
    { t: createTenant.id },
  );
  return { id: createTenant.id, key: issueApiKey.key };
}
const assign = (instanceId: string, tenantId: string) =>
  admin(
    'mutation($i: ID!, $t: ID) { assignInstance(instanceId: $i, tenantId: $t) { instanceId } }',
    {
      i: instanceId,
      t: tenantId,
    },
  );
const open = (key: string, variables: { id?: string | null; after?: string | null }) => {
  const socket = leftovers.add(connectWs(h.url, `Bearer ${key}`), (s) => s.dispose());
  return subscribeEvents(socket, variables);
};
const qrValuesOf = (events: readonly WireEvent[]) =>
  events.flatMap((e) => (e.__typename === 'QrCodeUpdated' && e.qrCode ? [e.qrCode.value] : []));

beforeAll(async () => {
  h = await startGatewayOnPostgres(leftovers, { simulator: { timeScale: 20, instances: 2 } });
});

it('never replays the previous owner’s history to the new one, on either transport', {
  timeout: 60_000,
}, async () => {
  const [x, other] = h.gateway.simulator!.instanceIds() as [string, string];
  const a = await tenant('A');
  const b = await tenant('B');
  await assign(x, a.id);
  await assign(other, a.id);
  const aOnX: EventStream = open(a.key, { id: x });
  const aFleet: EventStream = open(a.key, {});
  await aOnX.take(1);
  await aFleet.take(2);

  // A links a phone: its QR codes and its account are A's history
  await sessionAction(h.url, h.adminKey, 'startSession', x);
  await aOnX.until((events) => qrValuesOf(events).length >= 1);
  await simControl(h.simUrl).scan(x, { pushName: 'Alice of A' });
  await aOnX.until((events) => events.some((e) => e.__typename === 'SessionAuthenticated'));
  const aAccount = aOnX.events.find((e) => e.__typename === 'SessionAuthenticated')?.me?.id;
  expect(aAccount).toBeTruthy();
  // A unlinks its phone and stops the session before the instance moves on
  await sessionAction(h.url, h.adminKey, 'logout', x);
  await aOnX.until((events) => events.some((e) => e.reason === 'LOGGED_OUT'));
  await admin('mutation($i: ID!) { stopSession(instanceId: $i) { status } }', { i: x });
  await aOnX.until((events) => events.at(-1)?.status === 'STOPPED');
  const aQrs = qrValuesOf(aOnX.events);
  expect(aQrs.length).toBeGreaterThan(0);

  // the move: A's per-instance stream ends with NOT_FOUND, its fleet stops delivering x
  await assign(x, b.id);
  const { rows } = await h.db.pool.query<{ seq: string }>(
    `select max(seq) as seq from "${h.db.schema}".session_events
     where kind = 'InstanceAssigned' and instance_id = $1`,
    [x],
  );
  const movedAt = Number(rows[0]?.seq);
  const afterMove = (events: readonly WireEvent[]) =>
    events.filter((e) => Number(e.cursor) > movedAt);
  await aOnX.until((_events) => aOnX.errors.length > 0);
  expect(aOnX.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  await sessionAction(h.url, h.adminKey, 'startSession', x);
  await sessionAction(h.url, h.adminKey, 'startSession', other);
  await aFleet.until((events) => afterMove(events).some((e) => e.instanceId === other));
  await sleep(500);
  expect(afterMove(aFleet.events).filter((e) => e.instanceId === x)).toEqual([]);

  // B replays from the very beginning: a fresh snapshot, nothing of A's time
  const leaks = (events: readonly WireEvent[]) => {
    const text = JSON.stringify(events);
    return [...aQrs, aAccount as string, 'Alice of A'].filter((secret) => text.includes(secret));
  };
  const bOnX = open(b.key, { id: x, after: '0' });
  const bFleet = open(b.key, { after: '0' });
  const bSse = leftovers.add(await openSse(h.url, b.key, { id: x, after: '0' }), (s) => s.close());
  const [first] = await bOnX.take(1);
  expect(first).toMatchObject({ __typename: 'SessionSnapshot', resumed: false });
  const [fleetFirst] = await bFleet.take(1);
  expect(fleetFirst).toMatchObject({ __typename: 'SessionSnapshot', resumed: false });
  await bSse.until((s) => s.events.length >= 1);
  expect(bSse.events[0]).toMatchObject({ __typename: 'SessionSnapshot', resumed: false });
  await sleep(1_000);
  expect(leaks(bOnX.events)).toEqual([]);
  expect(leaks(bFleet.events)).toEqual([]);
  expect(leaks(bSse.events)).toEqual([]);

  // the admin replays everything, A's QR codes included
  const all = open(h.adminKey, { id: x, after: '0' });
  await all.until((events) => qrValuesOf(events).length >= aQrs.length);
  expect(qrValuesOf(all.events)).toEqual(expect.arrayContaining(aQrs));
});
