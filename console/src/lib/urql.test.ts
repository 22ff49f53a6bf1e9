import { CloseCode, ErrorCode, FATAL_PROTOCOL_CLOSE_CODES } from '@wawp-gateway/schema/protocol';
import { createRoot } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeSocket } from '../testing/fakeSocket';
import { createConnectionTracker } from './connection';
import { InstanceEvents } from './sessionEvents';
import { createUrqlClient } from './urql';
import { ViewerQuery } from './viewer';

const URLS = { httpUrl: 'http://gateway.test/graphql', wsUrl: 'ws://gateway.test/graphql' };
const flush = () => vi.advanceTimersByTimeAsync(0);

function setup(fetch?: typeof globalThis.fetch) {
  const onKeyRejected = vi.fn();
  return createRoot((dispose) => {
    const tracker = createConnectionTracker();
    const urql = createUrqlClient({
      ...URLS,
      key: 'gw_secret',
      socketEvents: tracker.socketEvents,
      onKeyRejected,
      webSocketImpl: FakeSocket,
      ...(fetch ? { fetch } : {}),
    });
    return {
      ...urql,
      tracker,
      onKeyRejected,
      dispose: () => {
        urql.dispose();
        dispose();
      },
    };
  });
}

describe('createUrqlClient', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    FakeSocket.instances = [];
    FakeSocket.rejectWith = null;
  });
  afterEach(() => vi.useRealTimers());

  it('POSTs with the key and the CSRF header, never in the URL, and signs out on UNAUTHENTICATED', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) =>
      Response.json({
        errors: [{ message: 'no', extensions: { code: ErrorCode.Unauthenticated } }],
      }),
    );
    const { client, onKeyRejected, dispose } = setup(fetch);
    await client.query(ViewerQuery, {}).toPromise();
    const [url, init] = fetch.mock.calls[0] ?? [];
    expect(String(url)).toBe('http://gateway.test/graphql');
    expect(init?.method).toBe('POST');
    expect(init?.headers).toMatchObject({
      authorization: 'Bearer gw_secret',
      'x-graphql-csrf': '1',
    });
    expect(onKeyRejected).toHaveBeenCalled();
    dispose();
  });

  it('resubscribes after a dropped socket with `after` = the last cursor seen', async () => {
    const { client, tracker, dispose } = setup();
    const seen: string[] = [];
    const sub = client
      .subscription(InstanceEvents, { instanceId: 'abc', after: null })
      .subscribe((result) => seen.push(result.data?.sessionEvents.cursor ?? 'error'));
    await flush();
    const [first] = FakeSocket.instances;
    expect(first?.sent[0]).toEqual({
      type: 'connection_init',
      payload: { authorization: 'Bearer gw_secret' },
    });
    expect(tracker.state()).toBe('live');
    const [subscribe] = first?.subscribes() ?? [];
    expect(subscribe?.payload?.variables).toEqual({ instanceId: 'abc', after: null });
    for (const cursor of ['c1', 'c2']) {
      const event = {
        __typename: 'SessionStatusChanged',
        cursor,
        instanceId: 'abc',
        occurredAt: 'x',
        source: 'POLL',
        status: 'STARTING',
      };
      first?.receive({
        type: 'next',
        id: subscribe?.id,
        payload: { data: { sessionEvents: event } },
      });
    }
    first?.close(1006, 'gateway gone');
    expect(tracker.state()).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(2_500);
    const second = FakeSocket.instances[1];
    expect(second?.subscribes()[0]?.payload?.variables).toEqual({ instanceId: 'abc', after: 'c2' });
    expect(tracker.state()).toBe('live');
    expect(seen).toEqual(['c1', 'c2']);
    sub.unsubscribe();
    dispose();
  });

  it('treats a refused key (CloseCode.Forbidden) as fatal: no retry, indicator "rejected", signed out', async () => {
    FakeSocket.rejectWith = CloseCode.Forbidden;
    const { client, tracker, onKeyRejected, dispose } = setup();
    const results: unknown[] = [];
    client
      .subscription(InstanceEvents, { instanceId: 'abc', after: null })
      .subscribe((r) => results.push(r.error));
    await flush();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(FakeSocket.instances).toHaveLength(1);
    expect(tracker.state()).toBe('rejected');
    expect(onKeyRejected).toHaveBeenCalledOnce();
    expect(results).toHaveLength(1);
    dispose();
  });

  it('shows "stale" while live but Wawp is reported unhealthy', () => {
    createRoot((dispose) => {
      const tracker = createConnectionTracker();
      tracker.socketEvents.connected();
      tracker.reportHealth(false);
      expect(tracker.state()).toBe('stale');
      tracker.reportHealth(true);
      expect(tracker.state()).toBe('live');
      tracker.socketEvents.closed({ code: CloseCode.Normal });
      expect(tracker.state()).toBe('idle');
      tracker.socketEvents.connecting(false);
      expect(tracker.state()).toBe('connecting');
      tracker.socketEvents.closed({ code: 1006 });
      expect(tracker.state()).toBe('reconnecting');
      tracker.socketEvents.connecting(false);
      expect(tracker.state()).toBe('reconnecting');
      dispose();
    });
  });

  it('shows "disconnected" after a close graphql-ws does not retry, "reconnecting" otherwise', () => {
    createRoot((dispose) => {
      const tracker = createConnectionTracker();
      for (const code of FATAL_PROTOCOL_CLOSE_CODES) {
        tracker.socketEvents.connected();
        tracker.socketEvents.closed({ code });
        expect(tracker.state(), String(code)).toBe('disconnected');
      }
      tracker.socketEvents.closed({ code: CloseCode.ServiceRestart });
      expect(tracker.state()).toBe('reconnecting');
      tracker.socketEvents.closed({ code: CloseCode.Forbidden });
      expect(tracker.state()).toBe('rejected');
      dispose();
    });
  });
});
