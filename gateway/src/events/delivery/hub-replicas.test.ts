import type { SessionEvent } from '@wawp-gateway/schema';
import { afterEach, describe, expect, it } from 'vitest';
import { toGatewayError } from '../../sessions/map-wawp-error';
import type { Store } from '../../store';
import { nextEvents } from '../../testing';
import { admin, makeLogger, makeState } from '../../testing/hub-fixtures';
import { postgresFixture, type TestDatabase, waitFor } from '../../testing/store-fixtures';
import { WawpError } from '../../wawp';
import { createEventHub, type EventHub } from '../hub';
import { createIntents } from '../ingest';
import { createPollManager, type PollManager } from '../polling';
import type { EventsSessions } from '../types';

let database: TestDatabase | null = null;
const running: { hub: EventHub; poller: PollManager }[] = [];

afterEach(async () => {
  for (const { hub, poller } of running.splice(0)) {
    await poller.stop();
    await hub.stop();
  }
  await database?.dispose();
  database = null;
});

/** What `session/info` says for a replica that another replica is reading the instance. */
const claimedElsewhere = (instanceId: string) =>
  toGatewayError(
    new WawpError({
      kind: 'upstream',
      route: 'session/info',
      code: 'claimed_elsewhere',
      message: 'another replica reads it',
    }),
    instanceId,
  );

async function replica(name: string, polls: string[], options: { readsElsewhere?: boolean } = {}) {
  const store: Store = await (database as TestDatabase).open({ applicationName: name });
  const sessions: Pick<EventsSessions, 'readSession' | 'readQrCode' | 'forgetQrCode' | 'act'> = {
    async readSession(instanceId: string) {
      polls.push(name);
      if (options.readsElsewhere) {
        throw claimedElsewhere(instanceId);
      }
      return { state: makeState(instanceId, 'WORKING'), fresh: true };
    },
    readQrCode: async () => Promise.reject(new Error('no QR in this test')),
    forgetQrCode: () => {},
    act: async (instanceId: string) => makeState(instanceId, 'STARTING'),
  };
  const { logger } = makeLogger();
  const intents = createIntents();
  const health = { healthy: () => true };
  const started = createEventHub({
    store,
    sessions,
    health,
    intents,
    directory: store.directory,
    logger,
  });
  const poller = createPollManager({
    sessions,
    leases: store.leases,
    hub: started,
    intents,
    logger,
    intervalMs: 2_000,
  });
  await started.start();
  running.push({ hub: started, poller });
  return { store, hub: started, poller };
}

describe('event hub across replicas (Postgres)', () => {
  it('delivers an event appended on one replica to subscribers on both, once and in order', async () => {
    database = await postgresFixture.createDatabase();
    const polls: string[] = [];
    const a = await replica('rep-a', polls);
    const b = await replica('rep-b', polls);
    await a.hub.observe({ instanceId: 'X1', status: 'STOPPED', observedAt: new Date() }, 'POLL');
    const onA = a.hub
      .subscribe({ viewer: admin, instanceId: 'X1', after: null })
      [Symbol.asyncIterator]();
    const onB = b.hub
      .subscribe({ viewer: admin, instanceId: 'X1', after: null })
      [Symbol.asyncIterator]();
    await Promise.all([nextEvents(onA, 1), nextEvents(onB, 1)]);
    for (const status of ['STARTING', 'SCAN_QR_CODE', 'STARTING', 'STOPPED'] as const) {
      await a.hub.observe({ instanceId: 'X1', status, observedAt: new Date() }, 'WEBHOOK');
    }
    const [gotA, gotB] = await Promise.all([nextEvents(onA, 4), nextEvents(onB, 4)]);
    const cursors = (events: SessionEvent[]) => events.map((event) => event.cursor);
    expect(cursors(gotB)).toEqual(cursors(gotA));
    expect(gotB.map((e) => (e.kind === 'SessionStatusChanged' ? e.status : e.kind))).toEqual([
      'STARTING',
      'SCAN_QR_CODE',
      'STARTING',
      'STOPPED',
    ]);
  });

  it("gives a cold instance that another replica is reading that replica's stored answer", async () => {
    database = await postgresFixture.createDatabase();
    const polls: string[] = [];
    const a = await replica('rep-a', polls);
    const b = await replica('rep-b', polls, { readsElsewhere: true });
    const onB = b.hub
      .subscribe({ viewer: admin, instanceId: 'X4', after: null })
      [Symbol.asyncIterator]();
    const first = nextEvents(onB, 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    // b was told A reads it: it looks in the store instead of failing or reading Wawp again
    expect(polls).toEqual(['rep-b']);
    await a.hub.observe({ instanceId: 'X4', status: 'WORKING', observedAt: new Date() }, 'POLL');
    const [snapshot] = await first;
    expect(snapshot?.kind === 'SessionSnapshot' && snapshot.session.status).toBe('WORKING');
    expect(polls).toEqual(['rep-b']);
  });

  it('polls a watched instance from one replica only, and moves when that one dies', async () => {
    database = await postgresFixture.createDatabase();
    const polls: string[] = [];
    const a = await replica('rep-a', polls);
    const b = await replica('rep-b', polls);
    a.poller.watch('X2');
    await waitFor(() => a.poller.polled().length === 1);
    b.poller.watch('X2');
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    expect(new Set(polls)).toEqual(new Set(['rep-a']));
    expect(b.poller.polled()).toEqual([]);

    // the owner dies: its lock connection goes, and with it the lease
    expect(await database.terminate('rep-a:leases')).toBeGreaterThan(0);
    const diedAt = Date.now();
    await a.poller.stop();
    await waitFor(() => polls.includes('rep-b'), 5_000);
    expect(Date.now() - diedAt).toBeLessThanOrEqual(2_200 + 500);
    expect(b.poller.polled()).toEqual(['X2']);
  });
});
