import type { SessionStatus } from '@wawp-gateway/schema';
import { createSchema, createYoga } from 'graphql-yoga';
import { afterEach, expect, it, vi } from 'vitest';
import { createLogger } from '../logging/logger';
import { createStore, type Store } from '../store';
import { fakeWawp, session } from '../testing/sessions-fixtures';
import { createLiveEvents, type LiveEvents } from './live-events';

const ID = 'AAAABBBBCCCC';
const COLD = 'DDDDEEEEFFFF';
const TOKEN = 'one-way-flow-token-0123456789';
const admin = { role: 'admin' } as const;

let live: LiveEvents | null = null;
let store: Store | null = null;
afterEach(async () => {
  await live?.stop();
  await store?.close();
  live = null;
  store = null;
});

it('reports a query read, an action, a poll, a webhook confirmation and a cold read to the log once each, with the source the schema describes', {
  timeout: 30_000,
}, async () => {
  let status: SessionStatus = 'STOPPED';
  const getSessionInfo = vi.fn(async (instanceId: string) => ({
    ...session(instanceId === ID ? status : 'STOPPED'),
    instanceId,
  }));
  const startSession = vi.fn(async () => {
    status = 'STARTING';
    return session('STARTING');
  });
  const getQr = vi.fn(async () => ({ value: 'qr-1', expiresAt: new Date(Date.now() + 60_000) }));
  store = await createStore({ memory: true });
  live = createLiveEvents({
    config: {
      webhookSecrets: [],
      pollIntervalMs: 2_000,
      watchdogStartingMs: 0,
    },
    webhookMasters: [TOKEN],
    store,
    wawp: fakeWawp({ getSessionInfo, startSession, getQr }),
    logger: createLogger({ level: 'silent', secrets: () => [] }),
    secrets: new Set(),
  });
  for (const instanceId of [ID, COLD]) {
    await store.directory.upsertInstance({ instanceId, label: null, tenantId: null });
  }
  await live.hub.start();
  const log = store;
  const changes = async (instanceId = ID) =>
    (await log.events.readAfter({ afterSeq: 0, instanceIds: [instanceId] }))
      .filter((event) => event.kind === 'SessionStatusChanged')
      .map(
        (event) => `${event.kind === 'SessionStatusChanged' ? event.status : ''}:${event.source}`,
      );
  const reads = () => getSessionInfo.mock.calls.filter(([instanceId]) => instanceId === ID).length;

  // 1. sessionInfo queries: 100 at once are one Wawp read, reported once, as POLL
  await Promise.all(Array.from({ length: 100 }, () => live?.sessionsPort.getSession(ID)));
  await vi.waitFor(async () => expect(await changes()).toEqual(['STOPPED:POLL']));
  expect(reads()).toBe(1);

  // 2. an action's answer, reported once, as GATEWAY
  await live.sessionsPort.start(ID);
  await vi.waitFor(async () =>
    expect(await changes()).toEqual(['STOPPED:POLL', 'STARTING:GATEWAY']),
  );

  // 3. a subscriber makes the poll loop read: its answer is reported once, as POLL
  status = 'SCAN_QR_CODE';
  const subscription = live.hub
    .subscribe({ viewer: admin, instanceId: ID, after: null })
    [Symbol.asyncIterator]();
  await vi.waitFor(
    async () =>
      expect(await changes()).toEqual(['STOPPED:POLL', 'STARTING:GATEWAY', 'SCAN_QR_CODE:POLL']),
    { timeout: 10_000 },
  );
  await subscription.return?.();
  await vi.waitFor(() => expect(live?.poller.polled()).toEqual([]));

  // 4. a webhook claiming FAILED is confirmed by one read, which shows the session moved on:
  //    the claim is published as WEBHOOK, the confirming read once, as POLL
  status = 'STARTING';
  const readsBefore = reads();
  const yoga = createYoga({
    schema: createSchema({ typeDefs: 'type Query { ok: Boolean }' }),
    plugins: [live.webhook],
    logging: false,
  });
  const delivery = await yoga.fetch(`http://yoga/webhooks/wawp?token=${TOKEN}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id: 'evt_one_way_1',
      timestamp: Date.now(),
      event: 'session.status',
      session: 'wawp-1',
      payload: { name: 'wawp-1', status: 'FAILED' },
      instance_id: ID,
    }),
  });
  expect(delivery.status).toBe(202);
  await live.webhook.drained();
  await vi.waitFor(async () =>
    expect(await changes()).toEqual([
      'STOPPED:POLL',
      'STARTING:GATEWAY',
      'SCAN_QR_CODE:POLL',
      'FAILED:WEBHOOK',
      'STARTING:POLL',
    ]),
  );
  expect(reads()).toBe(readsBefore + 1);

  // 5. the first snapshot of an instance nothing is known of: one cold read, reported as POLL
  const cold = live.hub
    .subscribe({ viewer: admin, instanceId: COLD, after: null })
    [Symbol.asyncIterator]();
  expect((await cold.next()).value).toMatchObject({ kind: 'SessionSnapshot' });
  await cold.return?.();
  expect(await changes(COLD)).toEqual(['STOPPED:POLL']);
});
