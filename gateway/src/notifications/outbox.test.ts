import { afterEach, describe, expect, it } from 'vitest';
import { createStore, type Store } from '../store';
import { createOutbox } from './outbox';

let store: Store | null = null;
afterEach(async () => {
  await store?.close();
  store = null;
});

/** FAILED while starting: a `session.needs_link`. */
const unlink = (instanceId: string) =>
  ({
    kind: 'SessionStatusChanged',
    instanceId,
    occurredAt: new Date(),
    source: 'WEBHOOK',
    status: 'FAILED',
    previousStatus: 'STARTING',
  }) as const;

describe('the outbox', () => {
  it('moves past the log without reading it while no endpoint is enabled, then plans again', async () => {
    store = await createStore({ memory: true });
    const tenant = await store.directory.createTenant('Acme');
    await store.directory.upsertInstance({ instanceId: 'I1', label: null, tenantId: tenant.id });
    const outbox = createOutbox({ store });
    for (let i = 0; i < 5; i++) {
      await store.events.append(unlink('I1'));
    }
    const before = store.events.rowsRead;
    expect(await outbox.step()).toBe(0);
    expect(store.events.rowsRead).toBe(before);
    expect(await store.notifications.deliveries.position()).toBe(await store.events.latestSeq());

    await store.notifications.endpoints.create(tenant.id, {
      url: 'https://receiver.example/hook',
      kinds: ['SESSION_NEEDS_LINK'],
      description: null,
      includeConnectLink: false,
      connectLinkTtlMinutes: 60,
    });
    await store.events.append(unlink('I1'));
    expect(await outbox.step()).toBe(1);
    expect(store.events.rowsRead).toBe(before + 1);
  });
});
