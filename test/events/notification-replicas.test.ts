/**
 * Notifications across replicas on one Postgres: each delivery reaches the receiver from one
 * replica per attempt (never twice), and a delivery recorded just before its replica is
 * SIGKILLed is still delivered, with the same webhook-id, by a replica started afterwards.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dataOf, gql } from '../utils/graphql-http';
import { createLeftovers } from '../utils/leftovers';
import { waitFor } from '../utils/wait';
import { type Receiver, startReceiver } from '../utils/webhook-receiver';
import {
  type ReplicaProcess,
  type ReplicaWorld,
  startReplicaProcess,
  startReplicaWorld,
} from './support';

const leftovers = createLeftovers();
let world: ReplicaWorld;
let receiver: Receiver;
let replicas: ReplicaProcess[];
let endpointId: string;
let tenantKey: string;

const start = () =>
  startReplicaProcess({ config: { ...world.config, port: 0 }, databaseSchema: world.db.schema });

beforeAll(async () => {
  receiver = leftovers.add(await startReceiver(), (r) => r.close());
  world = await startReplicaWorld(leftovers, {
    name: 'notification_replicas',
    timeScale: 10,
    instances: 1,
    pollIntervalMs: 3_000,
  });
  replicas = [];
  for (let i = 0; i < 2; i += 1) {
    replicas.push(leftovers.add(await start(), (r) => r.kill()));
  }
  const a = replicas[0]!.url;
  const tenant = dataOf(
    await gql(a, world.adminKey, 'mutation { createTenant(name: "Acme") { id } }'),
  ) as { createTenant: { id: string } };
  const key = dataOf(
    await gql(a, world.adminKey, 'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }', {
      t: tenant.createTenant.id,
    }),
  ) as { issueApiKey: { key: string } };
  tenantKey = key.issueApiKey.key;
  const made = dataOf(
    await gql(
      a,
      tenantKey,
      `mutation($t: ID!, $input: NotificationEndpointInput!) {
        createNotificationEndpoint(tenantId: $t, input: $input) { endpoint { id } }
      }`,
      { t: tenant.createTenant.id, input: { url: receiver.url, kinds: ['SESSION_LINKED'] } },
    ),
  ) as { createNotificationEndpoint: { endpoint: { id: string } } };
  endpointId = made.createNotificationEndpoint.endpoint.id;
}, 90_000);

afterAll(() => leftovers.disposeAll());

const sendTest = async (url: string) =>
  (
    dataOf(
      await gql(url, tenantKey, 'mutation($id: ID!) { sendTestNotification(id: $id) { id } }', {
        id: endpointId,
      }),
    ) as { sendTestNotification: { id: string } }
  ).sendTestNotification.id;

const timesReceived = (webhookId: string) =>
  receiver.received.filter((m) => m.headers['webhook-id'] === webhookId).length;

it('delivers each notification once though both replicas send', async () => {
  const ids: string[] = [];
  for (let i = 0; i < 20; i += 1) {
    ids.push(await sendTest(replicas[i % 2]!.url));
  }
  await waitFor(() => ids.every((id) => timesReceived(id) > 0), 20_000);
  // both senders keep polling the outbox for a while: still nothing twice
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  expect(ids.map(timesReceived)).toEqual(ids.map(() => 1));
}, 40_000);

it('delivers what a SIGKILLed replica had recorded, after a restart, with the same webhook-id', async () => {
  const [first, second] = replicas as [ReplicaProcess, ReplicaProcess];
  // only `first` runs, and it dies as soon as it has recorded the delivery (its sender idles
  // between rounds, so it has not sent it yet)
  await second.kill();
  const id = await sendTest(first.url);
  await first.kill();
  const sentBeforeTheKill = timesReceived(id);
  const restarted = leftovers.add(await start(), (r) => r.kill());
  await waitFor(() => timesReceived(id) > 0, 30_000);
  const listed = await waitFor(async () => {
    const page = dataOf(
      await gql(
        restarted.url,
        tenantKey,
        'query($id: ID!) { notificationDeliveries(endpointId: $id, first: 1) { edges { node { id status } } } }',
        { id: endpointId },
      ),
    ) as { notificationDeliveries: { edges: { node: { id: string; status: string } }[] } };
    const node = page.notificationDeliveries.edges[0]?.node;
    return node?.status === 'DELIVERED' ? node : null;
  });
  expect(listed.id).toBe(id);
  expect(sentBeforeTheKill + 1).toBeGreaterThanOrEqual(timesReceived(id));
}, 60_000);
