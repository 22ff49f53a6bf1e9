import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSchema, createYoga } from 'graphql-yoga';
import { createLiveEvents } from '../live';
import { createLogger } from '../logging/logger';
import { createSimulator } from '../simulator';
import { createStore } from '../store';
import { createWawpClient } from '../wawp';

/**
 * @private The events engine as the gateway wires it (`createLiveEvents`), against the real
 * simulator (time accelerated ×10) with its webhooks registered: one instance, `sessions` (the
 * port the schema sees) and `phone` to act on it.
 */
export async function startStory() {
  const simulator = createSimulator({ instances: 1, timeScale: 10, bootMs: 3_000, port: 0 });
  const wawp = createWawpClient({
    baseUrl: await simulator.start(),
    accessToken: simulator.accessToken,
  });
  const store = await createStore({ memory: true });
  const live = createLiveEvents({
    config: {
      webhookSecrets: [],
      pollIntervalMs: 3_000,
      watchdogStartingMs: 0,
    },
    webhookMasters: ['story-token'],
    store,
    wawp,
    logger: createLogger({ level: 'silent', secrets: () => [] }),
    secrets: new Set(),
  });
  const instanceId = simulator.instanceIds()[0] as string;
  await store.directory.upsertInstance({ instanceId, label: null, tenantId: null });
  const schema = createSchema({ typeDefs: 'type Query { ok: Boolean }' });
  const server = createServer(createYoga({ schema, plugins: [live.webhook] }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await live.hub.start();
  const registered = await live.registerWebhooks(`http://127.0.0.1:${port}`);
  return {
    simulator,
    sessions: live.sessionsPort,
    hub: live.hub,
    instanceId,
    registered: registered.registered,
    phone: (action: string, body: object = {}) =>
      fetch(`${simulator.url}/_sim/instances/${instanceId}/${action}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
    async dispose() {
      await live.stop();
      await new Promise((resolve) => server.close(resolve));
      await store.close();
      await simulator.stop();
    },
  };
}
