/**
 * A subscriber that disconnects and comes back with `after: <last cursor>` receives exactly the
 * events it missed, in order, then live ones, with no snapshot, gap or duplicate; and the same
 * across a gateway restart with PGlite on disk. The simulator runs on its own so it outlives the
 * gateway; the gateway keeps its port, webhook token and data directory across the restart, so
 * Wawp's webhooks reach the new process too. Events come from the phone (scan, unlink) and from
 * `logout`. A witness subscriber that never disconnects (or, across the restart, the stored log
 * itself) is the truth compared with.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Simulator } from '@wawp-gateway/gateway/simulator';
import { CloseCode } from '@wawp-gateway/schema/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../utils/child-gateway';
import {
  cursorsOf,
  type EventStream,
  isDisconnect,
  isStatus,
  labelOf,
  strictlyIncreasing,
  subscribeEvents,
  type WireEvent,
} from '../utils/event-stream';
import { connectWs, type WsConnection } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { simControl } from '../utils/simulator-control';
import { sessionAction, startSimulator, startTestGateway, type TestGateway } from './support';

const leftovers = createLeftovers();
let simulator: Simulator;
let sim: ReturnType<typeof simControl>;
let dataDir: string;
let port: number;
let g: TestGateway;

/** The same process settings before and after a restart (port, token, data directory). */
const start = async () => {
  const gateway = await startTestGateway({
    simulator,
    config: {
      port,
      dataDir,
      publicUrl: `http://127.0.0.1:${port}`,
      webhookTokens: ['resume-webhook-token'],
      databaseUrl: null,
    },
  });
  return leftovers.add(gateway, (t) => t.gateway.stop());
};

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'wawp-resume-'));
  leftovers.add(dataDir, (dir) => rm(dir, { recursive: true, force: true }));
  // timeScale 10: boot 0.3 s, first QR 6 s, a dropped socket reconnects in 0.2 s
  simulator = leftovers.add(await startSimulator({ timeScale: 10, instances: 2 }), (s) => s.stop());
  sim = simControl(simulator.url);
  port = await freePort();
  g = await start();
});

afterAll(() => leftovers.disposeAll());

const connect = (url: string) =>
  leftovers.add(connectWs(url, `Bearer ${g.gateway.adminKey}`), (c) => c.dispose());
const watch = (connection: WsConnection, id: string, after: string | null = null): EventStream =>
  leftovers.add(subscribeEvents(connection, { id, after }), (s) => s.stop());
/** Runs `mutation($id: ID!) { <field>(instanceId: $id) { status } }` as the admin. */
const act = (field: 'startSession' | 'logout', id: string) =>
  sessionAction(g.url, g.gateway.adminKey, field, id);

const isLoggedOut = isDisconnect('LOGGED_OUT');
const count = (events: WireEvent[], predicate: (e: WireEvent) => boolean) =>
  events.filter(predicate).length;
const after = (events: WireEvent[], cursor: string) =>
  events.filter((e) => e.__typename !== 'SessionSnapshot' && Number(e.cursor) > Number(cursor));

/**
 * A witness and a subscriber of `id`, each on a socket of its own; the session starts, and the
 * subscriber's socket closes once a QR code has reached it. `last` is the last cursor it got.
 */
async function subscriberLeavesAtFirstQr(id: string) {
  const witnessSocket = connect(g.url);
  const witness = watch(witnessSocket, id);
  const firstSocket = connect(g.url);
  const subscriber = watch(firstSocket, id);
  await Promise.all([witness, subscriber].map((s) => s.take(1)));
  await act('startSession', id);
  await subscriber.until((events) => events.some((e) => e.__typename === 'QrCodeUpdated'));
  const last = subscriber.events.at(-1)!.cursor;
  await firstSocket.dispose();
  return { witnessSocket, witness, subscriber, last };
}

it('replays exactly the missed events after a disconnect, then continues live', {
  timeout: 60_000,
}, async () => {
  const [id] = simulator.instanceIds() as [string];
  const { witness, subscriber, last } = await subscriberLeavesAtFirstQr(id);
  await subscriber.ended;

  // missed: a login, then a logout (which shows a new QR code)
  await sim.scan(id, { pushName: 'Resume' });
  await witness.until((events) => events.some(isStatus('WORKING')));
  await act('logout', id);
  await witness.until((events) => events.some(isLoggedOut));
  await witness.until(
    (events) => events.findLastIndex(isStatus('SCAN_QR_CODE')) > events.findIndex(isLoggedOut),
  );
  const missed = after(witness.events, last);
  expect(missed.map(labelOf)).toEqual(
    expect.arrayContaining([
      'WORKING',
      'SessionAuthenticated',
      'Disconnected:LOGGED_OUT',
      'SCAN_QR_CODE',
    ]),
  );

  const resumed = watch(connect(g.url), id, last);
  await resumed.take(missed.length);
  // exactly the missed events, in order, and nothing before them (no snapshot)
  expect(resumed.events.slice(0, missed.length)).toEqual(missed);

  // then live ones: a second login
  await sim.scan(id, { pushName: 'Again' });
  await witness.until(
    (events) => count(events, (e) => e.__typename === 'SessionAuthenticated') === 2,
  );
  // once both have caught up, the resumed stream is the witness's after the cursor, exactly
  await resumed.until((events) => events.at(-1)?.cursor === witness.events.at(-1)?.cursor);
  expect(resumed.events).toEqual(after(witness.events, last));
  expect(resumed.events.filter((e) => e.__typename === 'SessionAuthenticated')).toHaveLength(2);
  expect(strictlyIncreasing(cursorsOf(resumed.events))).toBe(true);
});

it('replays exactly the missed events across a gateway restart (PGlite on disk)', {
  timeout: 90_000,
}, async () => {
  const [, id] = simulator.instanceIds() as [string, string];
  const { witnessSocket, witness, last } = await subscriberLeavesAtFirstQr(id);

  // missed while the first process still runs: the login
  await sim.scan(id, { pushName: 'Restart' });
  await witness.until((events) => events.some((e) => e.__typename === 'SessionAuthenticated'));
  const beforeRestart = after(witness.events, last);
  expect(beforeRestart.map(labelOf)).toEqual(['WORKING', 'SessionAuthenticated']);

  // the restart: subscribers get a retryable close, the log stays on disk
  await g.gateway.stop();
  expect((await witnessSocket.closed).code).toBe(CloseCode.ServiceRestart);
  g = await start();

  const resumed = watch(connect(g.url), id, last);
  await resumed.take(beforeRestart.length);
  expect(resumed.events.slice(0, beforeRestart.length)).toEqual(beforeRestart);
  expect(resumed.events[0]?.__typename).not.toBe('SessionSnapshot');

  // live on the new process: the phone unlinks the device
  await sim.unlink(id);
  await resumed.until((events) => events.some(isDisconnect('DEVICE_UNLINKED')));
  const stored = await g.gateway.store.events.readAfter({
    afterSeq: Number(last),
    instanceIds: [id],
  });
  // everything the log holds after the cursor, once each, in order: replayed and live alike
  expect(cursorsOf(resumed.events)).toEqual(stored.map((e) => Number(e.cursor)));
  expect(resumed.events.map(labelOf)).toEqual(
    stored.map((e) => labelOf({ ...e, __typename: e.kind } as unknown as WireEvent)),
  );
  expect(strictlyIncreasing(cursorsOf(resumed.events))).toBe(true);
});
