/**
 * A whole login followed over graphql-ws through events only, on the gateway as `buildGateway`
 * wires it (embedded simulator, its webhooks registered on every instance, the lease-gated
 * poller; the store on the test Postgres): snapshot -> STARTING -> SCAN_QR_CODE -> rotating QR
 * codes (decoded from their PNGs) -> scan -> authenticated + WORKING -> logout -> LOGGED_OUT; the
 * same with a pairing code; and an unlink on the phone -> DEVICE_UNLINKED. Cursors strictly
 * increase.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  changesOf,
  cursorsOf,
  type EventStream,
  has,
  isDisconnect,
  isStatus,
  labelOf,
  strictlyIncreasing,
  subscribeEvents,
  type WireEvent,
} from '../utils/event-stream';
import type { Harness } from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs, type WsConnection } from '../utils/graphql-ws-client';
import { createLeftovers } from '../utils/leftovers';
import { decodeQrPng } from '../utils/qr-decode';
import { simControl } from '../utils/simulator-control';
import { startGatewayOnPostgres } from './support';

const leftovers = createLeftovers();
let h: Harness;
let ws: WsConnection;
let qrInstance: string;
let codeInstance: string;

beforeAll(async () => {
  // timeScale 10: boot 0.3 s, first QR 6 s, later ones 2 s, six QRs (16 s) before FAILED
  h = await startGatewayOnPostgres(leftovers, { simulator: { timeScale: 10, instances: 2 } });
  [qrInstance, codeInstance] = h.gateway.simulator!.instanceIds() as [string, string];
  ws = leftovers.add(connectWs(h.url, `Bearer ${h.adminKey}`), (c) => c.dispose());
});

afterAll(() => leftovers.disposeAll());

const watch = (instanceId: string): EventStream =>
  leftovers.add(subscribeEvents(ws, { id: instanceId }), (s) => s.stop());

const mutate = async (query: string, variables: Record<string, unknown>) =>
  dataOf(await gql(h.url, h.adminKey, query, variables));

const indexOf = (events: WireEvent[], predicate: (e: WireEvent) => boolean) => {
  const index = events.findIndex(predicate);
  expect(index, `no such event in ${events.map(labelOf).join(', ')}`).toBeGreaterThanOrEqual(0);
  return index;
};

/** Every change event is about `instanceId`, and cursors (snapshot's included) strictly increase. */
function expectOrdered(events: WireEvent[], instanceId: string) {
  expect(events.every((e) => e.instanceId === instanceId)).toBe(true);
  const cursors = cursorsOf(events);
  expect(strictlyIncreasing(cursors), `cursors ${cursors.join(', ')}`).toBe(true);
}

it('follows a QR login, then a logout, through events only', { timeout: 60_000 }, async () => {
  const stream = watch(qrInstance);
  await stream.take(1);
  expect(stream.events[0]).toMatchObject({
    __typename: 'SessionSnapshot',
    instanceId: qrInstance,
    resumed: true,
    session: { status: 'STOPPED', me: null },
  });

  await mutate('mutation($id: ID!) { startSession(instanceId: $id) { status } }', {
    id: qrInstance,
  });
  const qrValues = (events: WireEvent[]) =>
    new Set(
      events.flatMap((e) => (e.__typename === 'QrCodeUpdated' && e.qrCode ? [e.qrCode.value] : [])),
    );
  await stream.until((events) => qrValues(events).size >= 2, 30_000);

  const changes = changesOf(stream.events);
  expect(changes.slice(0, 2).map(labelOf)).toEqual(['STARTING', 'SCAN_QR_CODE']);
  expect(changes[0]).toMatchObject({ previousStatus: 'STOPPED' });
  expect(changes[1]).toMatchObject({ previousStatus: 'STARTING' });
  const qrEvents = changes.filter((e) => e.__typename === 'QrCodeUpdated');
  for (const event of qrEvents) {
    const qr = event.qrCode!;
    // the image is the value: what a phone would scan is what the event says
    expect(decodeQrPng(qr.imageDataUrl)).toBe(qr.value);
    expect(qr.expiresAt).not.toBeNull();
  }
  const values = qrEvents.map((e) => e.qrCode!.value);
  expect(new Set(values).size).toBe(values.length); // each update is a new code

  expect((await simControl(h.simUrl).scan(qrInstance, { pushName: 'Story' })).status).toBe(200);
  await stream.until(has((e) => e.__typename === 'SessionAuthenticated'));
  const afterScan = stream.events.slice(indexOf(stream.events, isStatus('WORKING')));
  expect(afterScan.map(labelOf)).toEqual(['WORKING', 'SessionAuthenticated']);
  expect(afterScan[1]).toMatchObject({
    me: { pushName: 'Story', id: expect.stringMatching(/@c\.us$/) },
  });

  await mutate('mutation($id: ID!) { logout(instanceId: $id) { status } }', { id: qrInstance });
  await stream.until(has(isDisconnect('LOGGED_OUT')));
  const working = indexOf(stream.events, isStatus('WORKING'));
  const loggedOut = indexOf(stream.events, isDisconnect('LOGGED_OUT'));
  expect(loggedOut).toBeGreaterThan(working);
  // the status change it explains comes right before it, leaving WORKING
  expect(stream.events[loggedOut - 1]).toMatchObject({
    __typename: 'SessionStatusChanged',
    previousStatus: 'WORKING',
  });
  expect(stream.events.filter(isDisconnect('LOGGED_OUT'))).toHaveLength(1);
  expect(
    stream.events.some((e) => e.__typename === 'SessionDisconnected' && e.reason !== 'LOGGED_OUT'),
  ).toBe(false);
  expectOrdered(stream.events, qrInstance);
});

it('follows a pairing-code login, then an unlink on the phone', { timeout: 60_000 }, async () => {
  const stream = watch(codeInstance);
  await stream.take(1);
  expect(stream.events[0]).toMatchObject({
    __typename: 'SessionSnapshot',
    session: { status: 'STOPPED' },
  });

  // a STOPPED session is started by the request itself, which waits for SCAN_QR_CODE
  const phone = '201145202826';
  const { requestPairingCode } = (await mutate(
    'mutation($id: ID!, $phone: String!) { requestPairingCode(instanceId: $id, phoneNumber: $phone) { code } }',
    { id: codeInstance, phone: '+20 114 520 2826' },
  )) as { requestPairingCode: { code: string } };
  expect(requestPairingCode.code).toMatch(/^[A-Z0-9]{4}-[A-Z0-9]{4}$/);
  await stream.until(has(isStatus('SCAN_QR_CODE')));

  expect((await simControl(h.simUrl).enterCode(codeInstance, requestPairingCode.code)).status).toBe(
    200,
  );
  await stream.until(has((e) => e.__typename === 'SessionAuthenticated'));
  const changes = changesOf(stream.events);
  expect(changes.slice(0, 2).map(labelOf)).toEqual(['STARTING', 'SCAN_QR_CODE']);
  const authenticated = changes.find((e) => e.__typename === 'SessionAuthenticated');
  expect(authenticated?.me?.id).toBe(`${phone}@c.us`);
  const working = indexOf(stream.events, isStatus('WORKING'));
  expect(stream.events[working + 1]?.__typename).toBe('SessionAuthenticated');

  expect((await simControl(h.simUrl).unlink(codeInstance)).status).toBe(200);
  await stream.until(has(isDisconnect('DEVICE_UNLINKED')));
  const unlinked = indexOf(stream.events, isDisconnect('DEVICE_UNLINKED'));
  expect(stream.events[unlinked - 1]).toMatchObject({
    __typename: 'SessionStatusChanged',
    status: 'FAILED',
    previousStatus: 'WORKING',
  });
  expect(stream.events.filter((e) => e.__typename === 'SessionDisconnected')).toHaveLength(1);
  expectOrdered(stream.events, codeInstance);
});
