import type { SessionEvent, SessionStatus } from '@wawp-gateway/schema';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterAll, beforeAll, vi } from 'vitest';
import { createWebhookCredentials, useWebhookIngest, type WebhookIngestOptions } from '../events';
import { makeHub, makeLogger } from './hub-fixtures';

/** @private The master secret of the fixture's webhook route, accepted as `?token=`. */
export const PATH_TOKEN = 'path-token-0123456789';

const schema = createSchema({ typeDefs: 'type Query { ok: Boolean }' });

/**
 * @private A webhook route on a minimal yoga over an in-memory hub, plus WAHA envelopes whose
 * timestamps never go backwards. Call `dispose` in `afterAll`.
 */
export async function makeWebhookFixture() {
  const fixture = await makeHub();
  let serial = 0;
  let clock = Date.now();

  const setup = (options: Partial<WebhookIngestOptions> = {}) => {
    const sessions = {
      readSession: fixture.readSession,
      remember: vi.fn(),
      forgetQrCode: vi.fn(),
      readQrCode: vi.fn(async () => ({
        value: `qr-${++serial}`,
        imageDataUrl: 'data:',
        expiresAt: null,
      })),
    };
    const arrivals = { noteWebhook: vi.fn() };
    const plugin = useWebhookIngest({
      credentials: createWebhookCredentials({ masters: [PATH_TOKEN], hmacKeys: [] }),
      hub: fixture.hub,
      arrivals,
      deliveries: fixture.store.deliveries,
      sessions,
      resolveInstance: async ({ instanceId }) => (instanceId?.startsWith('W') ? instanceId : null),
      logger: makeLogger().logger,
      ...options,
    });
    const yoga = createYoga({ schema, plugins: [plugin], logging: false });
    const post = (body: string, init: { query?: string; headers?: Record<string, string> } = {}) =>
      yoga.fetch(`http://yoga/webhooks/wawp${init.query ?? `?token=${PATH_TOKEN}`}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...init.headers },
        body,
      });
    return { plugin, post, sessions, arrivals, yoga };
  };

  const envelope = (
    instanceId: string,
    status: SessionStatus,
    extra: Record<string, unknown> = {},
  ) => {
    clock = Math.max(clock + 1, Date.now()); // Wawp's clock, as close to ours as NTP makes it
    return JSON.stringify({
      id: `evt_${++serial}`,
      timestamp: clock,
      event: 'session.status',
      session: 'wawp-1',
      // the same account the fake upstream reports, so a confirming read changes nothing
      me: status === 'WORKING' ? { id: `${instanceId}@c.us`, pushName: null } : null,
      payload: { name: 'wawp-1', status },
      instance_id: instanceId,
      ...extra,
    });
  };

  const eventsOf = (instanceId: string): Promise<SessionEvent[]> =>
    fixture.store.events.readAfter({ afterSeq: 0, instanceIds: [instanceId] });

  return { ...fixture, setup, envelope, eventsOf };
}

type WebhookFixture = Awaited<ReturnType<typeof makeWebhookFixture>>;

/**
 * @private One {@link makeWebhookFixture} for a whole test file (made in `beforeAll`, disposed in
 * `afterAll`): `current()` is the fixture; `setup`, `envelope` and `eventsOf` call into it.
 */
export function useWebhookFixture() {
  let made: WebhookFixture | null = null;
  beforeAll(async () => {
    made = await makeWebhookFixture();
  });
  afterAll(() => made?.dispose());
  const current = (): WebhookFixture => {
    if (!made) {
      throw new Error('the webhook fixture is made in beforeAll');
    }
    return made;
  };
  const setup: WebhookFixture['setup'] = (options) => current().setup(options);
  const envelope: WebhookFixture['envelope'] = (...args) => current().envelope(...args);
  const eventsOf: WebhookFixture['eventsOf'] = (instanceId) => current().eventsOf(instanceId);
  return { current, setup, envelope, eventsOf };
}
