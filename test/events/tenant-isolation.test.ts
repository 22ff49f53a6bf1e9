/**
 * Two tenants, each with two instances and a key; each has a fleet subscriber (`sessionEvents`
 * without `instanceId`) and one per instance, on its own socket. About 1,000 events are generated
 * quickly, interleaved across the four instances (distinct webhooks with alternating statuses, plus
 * the polls that correct them). No event reaches the other tenant's socket, each tenant's
 * subscribers get every event of its own instances (checked against an admin witness), and
 * subscribing to a foreign instance fails with NOT_FOUND.
 *
 * Both fleet subscriptions use the same document and variables, so a shared execution that ignored
 * the viewer's tenant would leak here.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  changesOf,
  cursorsOf,
  type EventStream,
  strictlyIncreasing,
  subscribeEvents,
  type WireEvent,
} from '../utils/event-stream';
import type { Harness } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { sleep } from '../utils/wait';
import { postWebhook, sessionStatusEnvelope } from '../utils/webhook-post';
import { startGatewayOnPostgres } from './support';

const TOKEN = 'tenant-isolation-token';
const TARGET_EVENTS = 1_000;

const leftovers = createLeftovers();
let h: Harness;

interface TenantWorld {
  name: string;
  key: string;
  instances: string[];
  fleet: EventStream;
  perInstance: Map<string, EventStream>;
}
let tenants: [TenantWorld, TenantWorld];
let witness: EventStream;

/** The tenant a key acts as. */
const tenantIdOf = async (key: string) =>
  dataOf(await gql<{ viewer: { tenantId: string } }>(h.url, key, '{ viewer { tenantId } }')).viewer
    .tenantId;
const admin = async <T>(query: string, variables: Record<string, unknown> = {}) =>
  dataOf(await gql<T>(h.url, h.adminKey, query, variables));

beforeAll(async () => {
  h = await startGatewayOnPostgres(leftovers, {
    simulator: { timeScale: 10, instances: 5 },
    config: { webhookTokens: [TOKEN] },
  });
  const ids = h.gateway.simulator!.instanceIds();
  const make = async (name: string, instances: string[]) => {
    const { createTenant } = await admin<{ createTenant: { id: string } }>(
      'mutation($name: String!) { createTenant(name: $name) { id } }',
      { name },
    );
    const { issueApiKey } = await admin<{ issueApiKey: { key: string } }>(
      'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }',
      { t: createTenant.id },
    );
    for (const instanceId of instances) {
      await admin(
        'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { tenantId } }',
        { id: instanceId, t: createTenant.id },
      );
    }
    const connection = leftovers.add(connectWs(h.url, `Bearer ${issueApiKey.key}`), (c) =>
      c.dispose(),
    );
    const watch = (id: string | null) =>
      leftovers.add(subscribeEvents(connection, { id }), (s) => s.stop());
    return {
      name,
      key: issueApiKey.key,
      instances,
      fleet: watch(null),
      perInstance: new Map(instances.map((id) => [id, watch(id)])),
    };
  };
  // the fifth instance stays unassigned: only the admin sees it
  tenants = [await make('Tenant One', ids.slice(0, 2)), await make('Tenant Two', ids.slice(2, 4))];
  const adminSocket = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
  witness = leftovers.add(subscribeEvents(adminSocket, { id: null }), (s) => s.stop());
  const all = [witness, ...tenants.flatMap((t) => [t.fleet, ...t.perInstance.values()])];
  await Promise.all(all.map((s) => s.take(1)));
});

afterAll(() => leftovers.disposeAll());

it('delivers ~1,000 interleaved events to their own tenant only', { timeout: 90_000 }, async () => {
  for (const tenant of tenants) {
    // the fleet snapshot shows exactly the tenant's instances
    const snapshots = tenant.fleet.events.filter((e) => e.__typename === 'SessionSnapshot');
    expect(snapshots.map((e) => e.instanceId).sort()).toEqual([...tenant.instances].sort());
  }

  const instances = tenants.flatMap((t) => t.instances);
  const ids = h.gateway.simulator!.instanceIds();
  const unassigned = ids[4]!;
  const targets = [...instances, unassigned];
  const lastTs = new Map<string, number>();
  const statuses = ['STARTING', 'STOPPED'];
  let round = 0;
  const startedAt = Date.now();
  // distinct deliveries, newer each time, alternating per instance, all instances at once
  while (changesOf(witness.events).length < TARGET_EVENTS && round < 600) {
    const status = statuses[round % 2]!;
    await Promise.all(
      targets.map(async (instanceId) => {
        const timestamp = Math.max(Date.now(), (lastTs.get(instanceId) ?? 0) + 1);
        lastTs.set(instanceId, timestamp);
        const delivery = sessionStatusEnvelope({ instanceId, status, timestamp });
        const answer = await postWebhook(h.url, delivery, { token: TOKEN });
        expect(answer.status).toBe(202);
      }),
    );
    // let the hub publish before the next round, so the rounds do not merge into one
    const before = changesOf(witness.events).length;
    await witness.until((events) => changesOf(events).length > before, 5_000).catch(() => {});
    round += 1;
  }
  const total = changesOf(witness.events).length;
  console.log(
    `${total} events from ${round * targets.length} webhooks in ${Date.now() - startedAt} ms`,
  );
  expect(total).toBeGreaterThanOrEqual(TARGET_EVENTS);

  // everything published so far reaches every subscriber that may see it
  const lastCursor = Number(witness.events.at(-1)!.cursor);
  const upTo = (e: WireEvent) => Number(e.cursor) <= lastCursor;
  const caughtUp = (stream: EventStream, visible: (e: WireEvent) => boolean) => {
    const expected = changesOf(witness.events).filter((e) => visible(e) && upTo(e)).length;
    return stream.until((events) => changesOf(events).filter(upTo).length >= expected, 20_000);
  };
  for (const tenant of tenants) {
    await caughtUp(tenant.fleet, (e) => tenant.instances.includes(e.instanceId));
    for (const [id, stream] of tenant.perInstance) {
      await caughtUp(stream, (e) => e.instanceId === id);
    }
  }

  const mixed = new Set(changesOf(witness.events).map((e) => e.instanceId));
  expect([...mixed].sort()).toEqual([...targets].sort());
  for (const tenant of tenants) {
    const own = (e: WireEvent) => tenant.instances.includes(e.instanceId);
    // nothing foreign on its socket, whether fleet-wide or per instance…
    const received = [tenant.fleet, ...tenant.perInstance.values()].flatMap((s) => s.events);
    const foreign = received.filter((e) => !own(e));
    expect(foreign, `${tenant.name} received another tenant's events`).toEqual([]);
    // …and all of its own, in order
    const fleet = changesOf(tenant.fleet.events).filter(upTo);
    expect(cursorsOf(fleet)).toEqual(cursorsOf(changesOf(witness.events).filter(own).filter(upTo)));
    expect(strictlyIncreasing(cursorsOf(fleet))).toBe(true);
    expect(fleet.length).toBeGreaterThan(TARGET_EVENTS / 5);
    for (const [id, stream] of tenant.perInstance) {
      const mine = (e: WireEvent) => e.instanceId === id;
      expect(cursorsOf(changesOf(stream.events).filter(upTo))).toEqual(
        cursorsOf(changesOf(witness.events).filter(mine).filter(upTo)),
      );
    }
    // and none of its subscriptions failed
    expect([tenant.fleet, ...tenant.perInstance.values()].every((s) => s.errors.length === 0)).toBe(
      true,
    );
  }
});

it('refuses a subscription to a foreign or unknown instance with NOT_FOUND', async () => {
  const [one, two] = tenants;
  const connection = leftovers.add(connectWs(h.url, `Bearer ${one.key}`), (c) => c.dispose());
  const foreign = leftovers.add(subscribeEvents(connection, { id: two.instances[0]! }), (s) =>
    s.stop(),
  );
  const unknown = leftovers.add(subscribeEvents(connection, { id: 'NOSUCHINSTANCE1' }), (s) =>
    s.stop(),
  );
  const unassigned = leftovers.add(
    subscribeEvents(connection, { id: h.gateway.simulator!.instanceIds()[4]! }),
    (s) => s.stop(),
  );
  await Promise.all([foreign.ended, unknown.ended, unassigned.ended]);
  for (const stream of [foreign, unknown, unassigned]) {
    expect(stream.events).toEqual([]);
    expect(stream.errors.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
  }
  // a foreign id and an unknown one cannot be told apart
  const anonymised = (stream: EventStream, id: string) =>
    stream.errors[0]?.message.replaceAll(id, '<id>');
  expect(anonymised(foreign, two.instances[0]!)).toBe(anonymised(unknown, 'NOSUCHINSTANCE1'));
});

// A tenant never receives another tenant's events, and QR codes reach the owning tenant only:
// an instance moved to another tenant stops reaching the old tenant at once, not after a cache
// expires.
it('stops delivering an instance to its old tenant as soon as it is moved', {
  timeout: 30_000,
}, async () => {
  const [one, two] = tenants;
  const moved = one.instances[1]!;
  await admin(
    'mutation($id: ID!, $t: ID) { assignInstance(instanceId: $id, tenantId: $t) { tenantId } }',
    { id: moved, t: await tenantIdOf(two.key) },
  );
  // every event appended from now on happened after the move was committed
  const movedAt = await h.gateway.store.events.latestSeq();
  const delivery = sessionStatusEnvelope({ instanceId: moved, status: 'SCAN_QR_CODE' });
  expect((await postWebhook(h.url, delivery, { token: TOKEN })).status).toBe(202);
  const isNews = (e: WireEvent) => e.instanceId === moved && Number(e.cursor) > movedAt;
  await witness.until((events) => events.some(isNews), 10_000);
  await sleep(1_000);
  const leaked = [one.fleet, one.perInstance.get(moved)!].flatMap((s) => s.events.filter(isNews));
  expect(leaked, "the old owner received the moved instance's events").toEqual([]);
});
