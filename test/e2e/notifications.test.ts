/**
 * Signed outbound notifications against a real receiver on loopback that verifies them with the
 * Standard Webhooks library: a lost link is told with a fresh connect link, using it tells the
 * link is back; failures are retried with the same webhook-id and growing gaps; a rotated
 * secret and the old one both verify; private and loopback targets are refused unless allowed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventStream, subscribeEvents } from '../utils/event-stream';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, firstCode, gql } from '../utils/graphql-http';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { gapsOf, simControl } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';
import { type Receiver, startReceiver } from '../utils/webhook-receiver';

const WATCHDOG_MS = 3_000;
const leftovers = createLeftovers();
let h: Harness;
let receiver: Receiver;
let tenantId: string;
let tenantKey: string;
let ids: string[];

const admin = (query: string, variables: Record<string, unknown> = {}) =>
  gql(h.url, h.adminKey, query, variables);
const asTenant = (query: string, variables: Record<string, unknown> = {}) =>
  gql(h.url, tenantKey, query, variables);

const CREATE = /* GraphQL */ `
  mutation($t: ID!, $input: NotificationEndpointInput!) {
    createNotificationEndpoint(tenantId: $t, input: $input) { secret endpoint { id url kinds } }
  }
`;

async function endpoint(kinds: string[], url = receiver.url) {
  const result = await asTenant(CREATE, { t: tenantId, input: { url, kinds } });
  return dataOf(result as never) as {
    createNotificationEndpoint: { secret: string; endpoint: { id: string } };
  };
}

beforeAll(async () => {
  receiver = leftovers.add(await startReceiver(), (r) => r.close());
  h = leftovers.add(
    await startGateway({
      simulator: { timeScale: 10, instances: 4 },
      config: { logLevel: 'warn', watchdogStartingMs: WATCHDOG_MS },
      notificationFirstRetryMs: 1_000,
    }),
    (started) => started.stop(),
  );
  ids = h.gateway.simulator!.instanceIds();
  tenantId = (
    dataOf(await admin('mutation { createTenant(name: "Acme") { id } }')) as {
      createTenant: { id: string };
    }
  ).createTenant.id;
  tenantKey = (
    dataOf(
      await admin('mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }', { t: tenantId }),
    ) as { issueApiKey: { key: string } }
  ).issueApiKey.key;
  for (const [index, id] of ids.entries()) {
    await admin(
      'mutation($i: ID!, $t: ID, $r: String) { registerInstance(instanceId: $i, tenantId: $t, externalRef: $r) { instanceId } }',
      { i: id, t: tenantId, r: `user-${index}` },
    );
  }
});

afterAll(() => leftovers.disposeAll());

const deliveriesTo = (endpointId: string) =>
  asTenant(
    `query($id: ID!) { notificationDeliveries(endpointId: $id) {
      edges { node { id kind instanceId status attempts lastResponseStatus lastError deliveredAt } }
    } }`,
    { id: endpointId },
  );

describe('a lost link, told with a way back in', () => {
  it('unlink → session.needs_link with a connect link; using it → session.linked', async () => {
    const sim = simControl(h.simUrl);
    const made = await endpoint(['SESSION_NEEDS_LINK', 'SESSION_LINKED']);
    const { secret } = made.createNotificationEndpoint;
    const id = ids[0]!;
    // the phone is linked first (the gateway learns it by webhook), then unlinked
    await admin('mutation($id: ID!) { startSession(instanceId: $id) { status } }', { id });
    await waitFor(async () => (await sim.instance(id))?.status === 'SCAN_QR_CODE');
    expect((await sim.scan(id)).status).toBe(200);
    const linked = await waitFor(() =>
      receiver.received.find(
        (m) => m.json?.type === 'session.linked' && m.json.data?.instanceId === id,
      ),
    );
    expect(receiver.verifies(linked, secret)).toBe(true);
    expect((await sim.unlink(id)).status).toBe(200);

    const needs = await waitFor(
      () =>
        receiver.received.find(
          (m) => m.json?.type === 'session.needs_link' && m.json.data?.instanceId === id,
        ),
      20_000,
    );
    expect(receiver.verifies(needs, secret)).toBe(true);
    expect(receiver.verifies(needs, 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')).toBe(false);
    expect(needs.json?.data).toMatchObject({
      instanceId: id,
      externalRef: 'user-0',
      tenantId,
      reason: 'DEVICE_UNLINKED',
      eventCursor: expect.any(String),
    });
    const connectLink = needs.json?.data?.connectLink as { url: string; expiresAt: string };
    expect(connectLink.url).toMatch(new RegExp(`^${h.url}/connect/wcl_`));

    // the end user opens the link (its page talks to /connect/graphql) and links again
    const token = connectLink.url.split('/').at(-1) ?? '';
    const session = await fetch(`${h.url}/connect/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token }),
    });
    expect(((await session.json()) as { state: string }).state).toBe('active');
    const start = await gql(
      h.url,
      token,
      'mutation($id: ID!) { startSession(instanceId: $id) { status } }',
      { id },
      { path: '/connect/graphql' },
    );
    expect(start.errors).toBeUndefined();
    await waitFor(async () => (await sim.instance(id))?.status === 'SCAN_QR_CODE', 20_000);
    const before = receiver.received.length;
    expect((await sim.scan(id)).status).toBe(200);
    const relinked = await waitFor(
      () =>
        receiver.received
          .slice(before)
          .find((m) => m.json?.type === 'session.linked' && m.json.data?.instanceId === id),
      20_000,
    );
    expect(relinked.json?.data).toMatchObject({ instanceId: id, externalRef: 'user-0' });
    expect(receiver.verifies(relinked, secret)).toBe(true);
  }, 60_000);
});

describe('a stuck session', () => {
  it('tells session.stuck once when the watchdog restarts it, with no dashboard watching', async () => {
    const sim = simControl(h.simUrl);
    const made = await endpoint(['SESSION_STUCK']);
    const id = ids[1]!;
    await sim.fault({ instanceId: id, stuckStarting: true });
    const before = receiver.received.length;
    const startedAt = Date.now();
    await admin('mutation($id: ID!) { startSession(instanceId: $id) { status } }', { id });
    const stuck = await waitFor(
      () =>
        receiver.received
          .slice(before)
          .find((m) => m.json?.type === 'session.stuck' && m.json.data?.instanceId === id),
      20_000,
    );
    expect(stuck.at - startedAt).toBeGreaterThanOrEqual(WATCHDOG_MS);
    expect(receiver.verifies(stuck, made.createNotificationEndpoint.secret)).toBe(true);
    expect(stuck.json?.data).toMatchObject({
      instanceId: id,
      externalRef: 'user-1',
      tenantId,
      status: 'STARTING',
      reason: 'WATCHDOG_RESTART',
    });
    expect(stuck.json?.data?.connectLink).toBeUndefined();
    const restarts = (await sim.requests(id)).filter((r) => r.path.endsWith('/session/restart'));
    expect(restarts).toHaveLength(1);
    // still stuck after the restart: the watchdog fired once for this stretch, so one notification
    await new Promise((resolve) => setTimeout(resolve, WATCHDOG_MS + 1_000));
    const told = receiver.received
      .slice(before)
      .filter((m) => m.json?.type === 'session.stuck' && m.json.data?.instanceId === id);
    expect(told).toHaveLength(1);
    await sim.clearFaults();
  }, 40_000);
});

describe('delivery', () => {
  it('retries a 500 three times with the same webhook-id and growing gaps, then DELIVERED', async () => {
    const made = await endpoint(['SESSION_LINKED']);
    const endpointId = made.createNotificationEndpoint.endpoint.id;
    receiver.answer(500, 500, 500);
    const before = receiver.received.length;
    const test = await asTenant('mutation($id: ID!) { sendTestNotification(id: $id) { id } }', {
      id: endpointId,
    });
    const webhookId = (dataOf(test as never) as { sendTestNotification: { id: string } })
      .sendTestNotification.id;
    const attempts = await waitFor(() => {
      const mine = receiver.received
        .slice(before)
        .filter((m) => m.headers['webhook-id'] === webhookId);
      return mine.length >= 4 ? mine : null;
    }, 30_000);
    const gaps = gapsOf(attempts.map((m) => m.at));
    expect(gaps[0]).toBeGreaterThan(500);
    expect(gaps[1]).toBeGreaterThan(gaps[0]!);
    expect(gaps[2]).toBeGreaterThan(gaps[1]!);
    for (const message of attempts) {
      expect(receiver.verifies(message, made.createNotificationEndpoint.secret)).toBe(true);
    }
    const listed = await waitFor(async () => {
      const page = dataOf((await deliveriesTo(endpointId)) as never) as {
        notificationDeliveries: { edges: { node: { status: string; attempts: number } }[] };
      };
      const node = page.notificationDeliveries.edges[0]?.node;
      return node?.status === 'DELIVERED' ? node : null;
    });
    expect(listed).toMatchObject({ status: 'DELIVERED', attempts: 4, lastResponseStatus: 200 });
    // Relay-style paging: one per page, the end cursor leads to the next
    const pageOf = async (after: string | null) =>
      (
        dataOf(
          (await asTenant(
            `query($id: ID!, $after: String) { notificationDeliveries(endpointId: $id, first: 1, after: $after) {
              edges { cursor node { id } } pageInfo { hasNextPage endCursor }
            } }`,
            { id: endpointId, after },
          )) as never,
        ) as {
          notificationDeliveries: {
            edges: { cursor: string; node: { id: string } }[];
            pageInfo: { hasNextPage: boolean; endCursor: string | null };
          };
        }
      ).notificationDeliveries;
    const first = await pageOf(null);
    expect(first.edges.map((e) => e.node.id)).toEqual([webhookId]);
    expect(first.pageInfo).toEqual({ hasNextPage: false, endCursor: webhookId });
    expect((await pageOf(first.pageInfo.endCursor)).pageInfo).toEqual({
      hasNextPage: false,
      endCursor: null,
    });
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    const count = (outcome: string) =>
      Number(
        new RegExp(
          `wawp_notification_attempts_total\\{kind="SESSION_LINKED",outcome="${outcome}"\\} (\\d+)`,
        ).exec(metrics)?.[1] ?? 0,
      );
    expect(count('retrying')).toBeGreaterThanOrEqual(3);
    expect(count('delivered')).toBeGreaterThanOrEqual(1);
    expect(metrics).toContain('wawp_notification_delivery_lag_ms_bucket');
    expect(metrics).toMatch(
      /^wawp_notification_deliveries_total\{kind="SESSION_LINKED",outcome="delivered"\} [1-9]/m,
    );
  }, 40_000);

  it('signs with the old and the new secret for a day after a rotation', async () => {
    const made = await endpoint(['SESSION_LINKED']);
    const { secret: old, endpoint: created } = made.createNotificationEndpoint;
    const rotated = await asTenant(
      'mutation($id: ID!) { rotateNotificationSecret(id: $id) { secret } }',
      {
        id: created.id,
      },
    );
    const fresh = (dataOf(rotated as never) as { rotateNotificationSecret: { secret: string } })
      .rotateNotificationSecret.secret;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(old);
    const before = receiver.received.length;
    await asTenant('mutation($id: ID!) { sendTestNotification(id: $id) { id } }', {
      id: created.id,
    });
    const message = await waitFor(() =>
      receiver.received.slice(before).find((m) => m.json?.data?.test),
    );
    expect(receiver.verifies(message, old)).toBe(true);
    expect(receiver.verifies(message, fresh)).toBe(true);
  });

  it('disables an endpoint that answers 410 Gone', async () => {
    const made = await endpoint(['SESSION_LINKED']);
    const endpointId = made.createNotificationEndpoint.endpoint.id;
    receiver.answer(410);
    await asTenant('mutation($id: ID!) { sendTestNotification(id: $id) { id } }', {
      id: endpointId,
    });
    const disabled = await waitFor(async () => {
      const list = dataOf(
        (await asTenant(
          'query($t: ID!) { notificationEndpoints(tenantId: $t) { id enabled disabledReason } }',
          { t: tenantId },
        )) as never,
      ) as {
        notificationEndpoints: { id: string; enabled: boolean; disabledReason: string | null }[];
      };
      const mine = list.notificationEndpoints.find((e) => e.id === endpointId);
      return mine && !mine.enabled ? mine : null;
    });
    expect(disabled.disabledReason).toMatch(/410/);
  });
});

describe('Wawp health, as a tenant sees it', () => {
  it('tells UPSTREAM_UNAVAILABLE once when two instances fail, UPSTREAM_RECOVERED once both answer', async () => {
    const sim = simControl(h.simUrl);
    const made = await endpoint(['UPSTREAM_UNAVAILABLE', 'UPSTREAM_RECOVERED']);
    const { secret } = made.createNotificationEndpoint;
    const watched = [ids[2]!, ids[3]!];
    const ws = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
    const streams: EventStream[] = [];
    for (const id of watched) {
      const stream = leftovers.add(subscribeEvents(ws, { id }), (s) => s.stop());
      await stream.take(1);
      streams.push(stream);
    }
    // reads besides the polls, so the health of both instances turns (and turns back) sooner
    let reading = true;
    const reads = (async () => {
      while (reading) {
        await Promise.all(
          watched.map((id) =>
            admin('query($id: ID!) { sessionInfo(instanceId: $id) { status } }', { id }),
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 2_100));
      }
    })();
    const announced = (healthy: boolean) =>
      Promise.all(
        streams.map((stream) =>
          stream.until(
            (events) =>
              events.some((e) => e.__typename === 'UpstreamHealthChanged' && e.healthy === healthy),
            45_000,
          ),
        ),
      );
    const upstream = () =>
      receiver.received.filter((m) => String(m.json?.type).startsWith('upstream.'));
    await sim.fault(watched.map((instanceId) => ({ instanceId, errorStatus: 500 })));
    // both instances are announced unhealthy; the tenant is told once
    await announced(false);
    await waitFor(() => upstream().length >= 1, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(upstream().map((m) => m.json?.type)).toEqual(['upstream.unavailable']);
    await sim.clearFaults();
    await announced(true);
    await waitFor(() => upstream().length >= 2, 10_000);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    reading = false;
    await reads;
    expect(upstream().map((m) => m.json?.type)).toEqual([
      'upstream.unavailable',
      'upstream.recovered',
    ]);
    for (const message of upstream()) {
      expect(receiver.verifies(message, secret)).toBe(true);
      expect(message.json?.data).toMatchObject({ tenantId });
    }
  }, 120_000);
});

describe('outbound targets', () => {
  let strict: Harness;
  let strictKey: string;
  let strictTenant: string;

  beforeAll(async () => {
    strict = leftovers.add(
      await startGateway({
        simulator: { timeScale: 10, instances: 1 },
        config: { logLevel: 'warn', allowHttpNotifications: false },
      }),
      (started) => started.stop(),
    );
    strictTenant = (
      dataOf(
        await gql(strict.url, strict.adminKey, 'mutation { createTenant(name: "S") { id } }'),
      ) as {
        createTenant: { id: string };
      }
    ).createTenant.id;
    strictKey = (
      dataOf(
        await gql(
          strict.url,
          strict.adminKey,
          'mutation($t: ID!) { issueApiKey(tenantId: $t) { key } }',
          {
            t: strictTenant,
          },
        ),
      ) as { issueApiKey: { key: string } }
    ).issueApiKey.key;
  });

  it.each([
    ['a private address', 'https://10.0.0.1/hooks'],
    ['the metadata address', 'https://169.254.169.254/latest/meta-data'],
    ['plain http', receiver ? 'http://127.0.0.1:9/hooks' : 'http://127.0.0.1:9/hooks'],
    ['loopback over https', 'https://127.0.0.1/hooks'],
  ])('refuses %s when the endpoint is made', async (_name, url) => {
    const result = await gql(strict.url, strictKey, CREATE, {
      t: strictTenant,
      input: { url, kinds: ['SESSION_LINKED'] },
    });
    expect(firstCode(result)).toBe('BAD_USER_INPUT');
  });

  it('refuses at delivery a name that resolves to loopback, sending nothing', async () => {
    const before = receiver.received.length;
    const made = dataOf(
      (await gql(strict.url, strictKey, CREATE, {
        t: strictTenant,
        input: { url: 'https://localhost:9/hooks', kinds: ['SESSION_LINKED'] },
      })) as never,
    ) as { createNotificationEndpoint: { endpoint: { id: string } } };
    const endpointId = made.createNotificationEndpoint.endpoint.id;
    await gql(
      strict.url,
      strictKey,
      'mutation($id: ID!) { sendTestNotification(id: $id) { id } }',
      {
        id: endpointId,
      },
    );
    const failed = await waitFor(async () => {
      const page = dataOf(
        (await gql(
          strict.url,
          strictKey,
          'query($id: ID!) { notificationDeliveries(endpointId: $id) { edges { node { status lastError } } } }',
          { id: endpointId },
        )) as never,
      ) as {
        notificationDeliveries: { edges: { node: { status: string; lastError: string | null } }[] };
      };
      const node = page.notificationDeliveries.edges[0]?.node;
      return node?.lastError ? node : null;
    });
    expect(failed.lastError).toMatch(/loopback/);
    expect(receiver.received.length).toBe(before);
  });
});
