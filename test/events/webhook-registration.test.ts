/**
 * The gateway registers its webhook on every instance it knows at start, and on each instance
 * created through the API afterwards, before the mutation answers (read-merge-write, keeping the owner's other webhooks).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type Harness, startGateway } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { waitFor } from '../utils/wait';

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
