/**
 * The gateway registers its webhook on every instance it knows at start, and on each instance
 * created through the API afterwards, before the mutation answers: through Wawp's per-URL
 * `webhook/set` with the instance's own secret (delivered back as `X-Wawp-Signature`), or, where
 * that route is not served, by read-merge-write of `session/webhook`, keeping the owner's hooks.
 */
import { createSimulator } from '@wawp-gateway/gateway/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labelOf, subscribeEvents } from '../utils/event-stream';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { waitFor } from '../utils/wait';
import { sessionStatusEnvelope } from '../utils/webhook-post';
import { startAtSimulator } from './support';

let h: Harness;
beforeAll(async () => {
  h = await startGateway({ simulator: { timeScale: 10, instances: 1 } });
});
afterAll(() => h?.stop());

interface WebhookView {
  webhooks: { url: string; events: string[]; is_active: boolean }[];
}

/** Wawp's own `GET /v2/session/webhook`, called directly. */
const webhooksOf = async (instanceId: string): Promise<WebhookView['webhooks']> => {
  const simulator = h.gateway.simulator!;
  const query = new URLSearchParams({
    instance_id: instanceId,
    access_token: simulator.accessToken,
  });
  const response = await fetch(`${simulator.url}/v2/session/webhook?${query}`);
  expect(response.status).toBe(200);
  return ((await response.json()) as WebhookView).webhooks;
};
const gatewayHooks = async (instanceId: string) =>
  (await webhooksOf(instanceId)).filter((hook) => hook.url.startsWith(`${h.url}/webhooks/wawp?`));

it('registers on the start-up instances and on an instance created later', {
  timeout: 30_000,
}, async () => {
  const [startUp] = h.gateway.simulator!.instanceIds() as [string];
  const [hook] = await waitFor(async () => {
    const hooks = await gatewayHooks(startUp);
    return hooks.length > 0 ? hooks : null;
  });
  expect(hook).toMatchObject({ events: ['session.status'], is_active: true });
  expect(new URL(hook!.url).searchParams.get('instance')).toBe(startUp);

  const created = dataOf(
    await gql<{ createInstance: { instanceId: string } }>(
      h.url,
      h.adminKey,
      'mutation { createInstance(label: "later") { instanceId } }',
    ),
  ).createInstance;
  // registered before the mutation answered
  const hooks = await gatewayHooks(created.instanceId);
  expect(hooks).toHaveLength(1);
  expect(new URL(hooks[0]!.url).searchParams.get('instance')).toBe(created.instanceId);
});

describe('registering through webhook/set, or session/webhook where it is not served', () => {
  const leftovers = createLeftovers();
  afterAll(() => leftovers.disposeAll());

  it('receives X-Wawp-Signature deliveries of its hook; a forged signature gets 401 and publishes nothing', {
    timeout: 30_000,
  }, async () => {
    const g = leftovers.add(
      await startGateway({ simulator: { timeScale: 10, instances: 1 } }),
      (harness) => harness.stop(),
    );
    const simulator = g.gateway.simulator!;
    const [id] = simulator.instanceIds() as [string];
    const hook = await waitFor(async () => {
      const query = new URLSearchParams({ instance_id: id, access_token: simulator.accessToken });
      const response = await fetch(`${simulator.url}/v2/session/webhook?${query}`);
      const { webhooks } = (await response.json()) as WebhookView;
      return webhooks.find((w) => w.url.startsWith(`${g.url}/webhooks/wawp?`)) ?? null;
    });
    // the per-URL route: the secret travels as `hmac`, never in the URL
    expect(new URL(hook.url).searchParams.get('token')).toBeNull();

    const connection = leftovers.add(connectWs(g.url, `Bearer ${g.adminKey}`), (c) => c.dispose());
    const first = leftovers.add(subscribeEvents(connection, { id }), (s) => s.stop());
    const [snapshot] = await first.take(1);
    first.stop();

    const forged = JSON.stringify(sessionStatusEnvelope({ instanceId: id, status: 'WORKING' }));
    const refused = await fetch(hook.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-wawp-signature': 'f'.repeat(64) },
      body: forged,
    });
    expect(refused.status).toBe(401);

    // nobody watches, so nothing polls: the simulator's signed webhook is the only news
    await startAtSimulator(simulator, id);
    const again = leftovers.add(connectWs(g.url, `Bearer ${g.adminKey}`), (c) => c.dispose());
    const resumed = leftovers.add(subscribeEvents(again, { id, after: snapshot!.cursor }), (s) =>
      s.stop(),
    );
    const events = await resumed.until((seen) =>
      seen.some((e) => labelOf(e) === 'STARTING' && e.source === 'WEBHOOK'),
    );
    expect(events.map(labelOf)).not.toContain('WORKING');
  });

  it('falls back to read-merge-write of session/webhook where webhook/set answers 404, keeping the owner’s hooks', {
    timeout: 30_000,
  }, async () => {
    const simulator = leftovers.add(
      createSimulator({ port: 0, timeScale: 10, instances: 1, perUrlWebhooks: false }),
      (s) => s.stop(),
    );
    await simulator.start();
    const [id] = simulator.instanceIds() as [string];
    const query = new URLSearchParams({ instance_id: id, access_token: simulator.accessToken });
    const owner = { url: 'http://127.0.0.1:9/crm-hook', events: ['message'], is_active: true };
    const set = await fetch(`${simulator.url}/v2/session/webhook?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ webhooks: [owner] }),
    });
    expect(set.status).toBe(200);
    const g = leftovers.add(
      await startGateway({
        config: {
          wawpBaseUrl: simulator.url,
          wawpAccessToken: simulator.accessToken,
          wawpInstanceIds: [id],
          publicUrl: 'http://127.0.0.1:1',
        },
      }),
      (harness) => harness.stop(),
    );
    const hooks = await waitFor(async () => {
      const response = await fetch(`${simulator.url}/v2/session/webhook?${query}`);
      const { webhooks } = (await response.json()) as WebhookView;
      return webhooks.length === 2 ? webhooks : null;
    });
    expect(hooks[0]).toMatchObject(owner);
    const ours = new URL(hooks[1]!.url);
    expect(`${ours.origin}${ours.pathname}`).toBe('http://127.0.0.1:1/webhooks/wawp');
    expect(ours.searchParams.get('instance')).toBe(id);
    expect(ours.searchParams.get('token')).toMatch(/^[0-9a-f]{64}$/);
    expect(g.logs.join('')).not.toContain(ours.searchParams.get('token'));
  });
});
