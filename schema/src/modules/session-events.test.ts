import { parse, subscribe } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createSchemaContext } from '../context';
import type { SessionEvent } from '../ports';
import { createFakes } from '../testing/fake-ports';
import { codes, collect, open, VIEWERS } from '../testing/run';
import { schema } from './index';

const base = {
  instanceId: 'inst-acme',
  occurredAt: new Date('2026-11-24T10:00:00Z'),
  source: 'WEBHOOK',
} as const;
const qrCode = { value: 'ref', imageDataUrl: 'data:image/png;base64,AA==', expiresAt: null };
const EVENTS: SessionEvent[] = [
  {
    ...base,
    kind: 'SessionSnapshot',
    cursor: '1',
    session: {
      instanceId: 'inst-acme',
      status: 'SCAN_QR_CODE',
      me: null,
      observedAt: base.occurredAt,
      stale: false,
    },
    qrCode,
    resumed: true,
  },
  {
    ...base,
    kind: 'SessionStatusChanged',
    cursor: '2',
    status: 'WORKING',
    previousStatus: 'SCAN_QR_CODE',
  },
  { ...base, kind: 'QrCodeUpdated', cursor: '3', qrCode },
  { ...base, kind: 'SessionAuthenticated', cursor: '4', me: { id: '1@c.us', pushName: null } },
  { ...base, kind: 'SessionDisconnected', cursor: '5', reason: 'DEVICE_UNLINKED' },
  {
    ...base,
    kind: 'UpstreamHealthChanged',
    cursor: '6',
    healthy: false,
    detail: 'timeout',
    source: 'GATEWAY',
  },
];

const SUBSCRIPTION = `subscription($id: ID, $after: String) {
  sessionEvents(instanceId: $id, after: $after) {
    __typename cursor instanceId occurredAt source
    ... on SessionSnapshot { session { status observedAt } qrCode { value } resumed }
    ... on SessionStatusChanged { status previousStatus }
    ... on QrCodeUpdated { rotated: qrCode { imageDataUrl } } # alias: QrCode! vs QrCode
    ... on SessionAuthenticated { me { id } }
    ... on SessionDisconnected { reason }
    ... on UpstreamHealthChanged { healthy detail }
  }
}`;

describe('sessionEvents', () => {
  it('resolves each event kind to its GraphQL type, in order', async () => {
    const fakes = createFakes();
    fakes.events = EVENTS;
    const results = await collect(
      await open(fakes, VIEWERS.owner, SUBSCRIPTION, { id: 'inst-acme' }),
    );
    expect(results.map((r) => r.errors)).toEqual(EVENTS.map(() => undefined));
    const events = results.map((r) => r.data?.sessionEvents as Record<string, unknown>);
    expect(events.map((e) => e.__typename)).toEqual(EVENTS.map((e) => e.kind));
    expect(events[0]).toMatchObject({
      cursor: '1',
      occurredAt: '2026-11-24T10:00:00.000Z',
      source: 'WEBHOOK',
      session: { status: 'SCAN_QR_CODE' },
      qrCode: { value: 'ref' },
      resumed: true,
    });
    expect(events[1]).toMatchObject({ status: 'WORKING', previousStatus: 'SCAN_QR_CODE' });
    expect(events[4]).toMatchObject({ reason: 'DEVICE_UNLINKED' });
    expect(events[5]).toMatchObject({ healthy: false, detail: 'timeout', source: 'GATEWAY' });
  });

  it('passes the viewer, instance, cursor and an abort signal to the port', async () => {
    const fakes = createFakes();
    let received: unknown;
    fakes.ports.events = {
      subscribe: (args) => {
        received = args;
        return (async function* () {})();
      },
    };
    const onEventsOverflow = () => undefined;
    const context = { ...createSchemaContext(fakes.ports, VIEWERS.other), onEventsOverflow };
    const document = parse(SUBSCRIPTION);
    await collect(
      await subscribe({ schema, document, contextValue: context, variableValues: { after: '41' } }),
    );
    expect(received).toMatchObject({
      viewer: VIEWERS.other,
      instanceId: null,
      after: '41',
      onOverflow: onEventsOverflow,
    });
    expect((received as { signal: AbortSignal }).signal).toBeInstanceOf(AbortSignal);
  });

  it('aborts the port when the client unsubscribes, even while it waits for an event', async () => {
    const fakes = createFakes();
    let signal: AbortSignal | undefined;
    fakes.ports.events = {
      subscribe: (args) => {
        signal = args.signal;
        return (async function* () {
          yield EVENTS[1] as SessionEvent;
          await new Promise((resolve) => args.signal?.addEventListener('abort', resolve));
        })();
      },
    };
    const stream = await open(fakes, VIEWERS.owner, SUBSCRIPTION, { id: 'inst-acme' });
    if (!(Symbol.asyncIterator in stream)) {
      throw new Error('subscription refused');
    }
    await stream.next();
    const pending = stream.next();
    await stream.return(undefined);
    expect(signal?.aborted).toBe(true);
    expect(await pending).toEqual({ done: true, value: undefined });
  });

  it.each([
    ['anonymous', null, 'inst-acme', 'UNAUTHENTICATED'],
    ['anonymous, every instance', null, null, 'UNAUTHENTICATED'],
    ['another tenant', VIEWERS.other, 'inst-acme', 'NOT_FOUND'],
    ['an unknown instance', VIEWERS.admin, 'nope', 'NOT_FOUND'],
  ] as const)('refuses %s before subscribing', async (_name, viewer, id, code) => {
    const fakes = createFakes();
    fakes.events = EVENTS;
    const [result] = await collect(await open(fakes, viewer, SUBSCRIPTION, { id }));
    expect(codes(result!)).toEqual([code]);
    expect(fakes.calls.filter((c) => c.startsWith('subscribe'))).toEqual([]);
  });
});
