import type { SessionEvent, Viewer } from '@wawp-gateway/schema';
import { describe, expect, it, vi } from 'vitest';
import { seqOf } from '../../store';
import { nextEvents } from '../../testing';
import { admin, makeLogger } from '../../testing/hub-fixtures';
import { replayRange } from './replay-range';
import { createSubscriber } from './subscriber';
import { createSubscriptions } from './subscriptions';

const event = (seq: number, instanceId = 'I1'): SessionEvent => ({
  kind: 'UpstreamHealthChanged',
  healthy: true,
  detail: null,
  instanceId,
  occurredAt: new Date(),
  source: 'GATEWAY',
  cursor: String(seq),
});
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const seqs = (events: SessionEvent[]) => events.map(seqOf);
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

/** An event log of `count` events (instance by seq), that can be pruned and appended to. */
function fakeLog(count: number, instanceOf: (seq: number) => string = () => 'I1') {
  let log = range(1, count).map((seq) => event(seq, instanceOf(seq)));
  let prunedThrough = 0;
  const events = {
    readAfter: vi.fn(
      async (args: { afterSeq: number; instanceIds?: readonly string[] | null; limit?: number }) =>
        log
          .filter((e) => seqOf(e) > args.afterSeq)
          .filter((e) => !args.instanceIds || args.instanceIds.includes(e.instanceId))
          .slice(0, args.limit ?? 1_000),
    ),
    canResume: vi.fn(
      async (args: { afterSeq: number }) =>
        args.afterSeq >= prunedThrough && args.afterSeq <= (log.at(-1) ? seqOf(log.at(-1)!) : 0),
    ),
  };
  return {
    events,
    get latest() {
      return log.length === 0 ? 0 : seqOf(log.at(-1)!);
    },
    prune(through: number) {
      prunedThrough = through;
      log = log.filter((e) => seqOf(e) > through);
    },
    append(instanceId = 'I1') {
      const appended = event(this.latest + 1, instanceId);
      log.push(appended);
      return appended;
    },
  };
}

const subscriber = (capacity: number) =>
  createSubscriber({
    capacity,
    overflowError: (cursor) => Object.assign(new Error('overflow'), { cursor }),
    onClose: () => {},
  });

describe('replayRange', () => {
  it('reads a long replay lazily, a page at a time, never holding more than capacity + one page', async () => {
    const log = fakeLog(5_000);
    const sub = subscriber(50);
    const done = replayRange({
      events: log.events,
      afterSeq: 0,
      untilSeq: 5_000,
      instanceIds: ['I1'],
      visible: () => true,
      into: sub,
    });
    const seen: SessionEvent[] = [];
    await nextEvents(sub.iterator, 120, { seen });
    await settle();
    // 150 read, 120 consumed: the 30 left leave no room for a fourth page
    expect(log.events.readAfter).toHaveBeenCalledTimes(3);
    expect(sub.queued).toBe(30);
    while (seen.length < 5_000) {
      await nextEvents(sub.iterator, 1, { seen });
      expect(sub.queued).toBeLessThanOrEqual(50);
      expect(log.events.readAfter.mock.calls.length).toBeLessThanOrEqual(
        Math.ceil(seen.length / 50) + 1,
      );
    }
    expect(await done).toBe('complete');
    expect(seqs(seen)).toEqual(range(1, 5_000));
    expect(log.events.readAfter).toHaveBeenCalledTimes(100);
    expect(log.events.readAfter.mock.calls.every(([args]) => args.limit === 50)).toBe(true);
  });

  it('stops at untilSeq and filters each page by visibility', async () => {
    const log = fakeLog(1_200);
    const sub = subscriber(2_000);
    const outcome = await replayRange({
      events: log.events,
      afterSeq: 100,
      untilSeq: 1_100,
      instanceIds: null,
      visible: (e) => seqOf(e) % 3 !== 0,
      into: sub,
    });
    expect(outcome).toBe('complete');
    expect(log.events.readAfter.mock.calls.map(([args]) => [args.afterSeq, args.limit])).toEqual([
      [100, 500],
      [600, 500],
    ]);
    const visible = range(101, 1_100).filter((seq) => seq % 3 !== 0);
    expect(sub.queued).toBe(visible.length);
    expect(seqs(await nextEvents(sub.iterator, visible.length))).toEqual(visible);
  });

  it('checks for a gap before reading and after each page, from where that page starts', async () => {
    const log = fakeLog(200);
    log.prune(10);
    const sub = subscriber(50);
    const args = {
      events: log.events,
      afterSeq: 5,
      untilSeq: 200,
      instanceIds: ['I1'],
      visible: () => true,
      into: sub,
    };
    expect(await replayRange(args)).toBe('unavailable');
    expect(log.events.readAfter).not.toHaveBeenCalled();

    // pruned just before the second page is read: that page misses events, unnoticed by the read
    const read = log.events.readAfter.getMockImplementation()!;
    log.events.readAfter.mockImplementation(async (a) => {
      if (a.afterSeq === 60) {
        log.prune(70);
      }
      return read(a);
    });
    const done = replayRange({ ...args, afterSeq: 10 });
    expect(seqs(await nextEvents(sub.iterator, 50))).toEqual(range(11, 60));
    expect(await done).toBe('gap');
    expect(log.events.canResume.mock.calls.map(([a]) => a.afterSeq)).toEqual([5, 10, 10, 60]);
    expect(sub.queued).toBe(0);
  });

  it('is unavailable, not a gap, when pruning strikes before anything was handed over', async () => {
    const log = fakeLog(100);
    log.events.readAfter.mockImplementationOnce(async (read) => {
      log.prune(20);
      return log.events.readAfter(read);
    });
    const sub = subscriber(50);
    expect(
      await replayRange({
        events: log.events,
        afterSeq: 0,
        untilSeq: 100,
        instanceIds: ['I1'],
        visible: () => true,
        into: sub,
      }),
    ).toBe('unavailable');
    expect(sub.queued).toBe(0);
  });

  it('reads nothing more once the subscriber is closed', async () => {
    const log = fakeLog(1_000);
    const sub = subscriber(50);
    const done = replayRange({
      events: log.events,
      afterSeq: 0,
      untilSeq: 1_000,
      instanceIds: ['I1'],
      visible: () => true,
      into: sub,
    });
    await nextEvents(sub.iterator, 60);
    await sub.iterator.return?.();
    expect(await done).toBe('ended');
    const reads = log.events.readAfter.mock.calls.length;
    const checks = log.events.canResume.mock.calls.length;
    await settle();
    expect(reads).toBe(2);
    expect(log.events.readAfter).toHaveBeenCalledTimes(reads);
    expect(log.events.canResume).toHaveBeenCalledTimes(checks);
  });
});

/** Subscriptions over a fake log and reader; tenants own the instances named after them. */
function subscriptionsOver(log: ReturnType<typeof fakeLog>, bufferSize: number) {
  const reader = { lastSeq: log.latest };
  const subs = createSubscriptions({
    events: log.events,
    directory: {
      listInstances: async (filter?: { tenantId?: string }) =>
        ['A1', 'B1']
          .filter((instanceId) => !filter?.tenantId || instanceId.startsWith(filter.tenantId))
          .map((instanceId) => ({
            instanceId,
            label: null,
            tenantId: instanceId.slice(0, 1),
            externalRef: null,
            createdAt: new Date(),
          })),
    },
    healthy: (instanceId) => instanceId !== 'SICK',
    reader,
    cache: {
      warm: async () => {},
      peek: (instanceId) => ({
        session: { instanceId, status: 'STOPPED', me: null, observedAt: new Date(), stale: false },
        qrCode: null,
      }),
    },
    visibility: {
      refresh: async () => {},
      canSee: (viewer: Viewer, instanceId: string) =>
        viewer.role === 'admin' ||
        (viewer.role === 'tenant' && instanceId.startsWith(viewer.tenantId)) ||
        (viewer.role === 'link' && instanceId === viewer.instanceId),
      ownerSince: () => 0,
    },
    logger: makeLogger().logger,
    follow: () => () => {},
    watch: () => () => {},
    bufferSize,
  });
  /** What the reader does with a newly appended event. */
  const live = (instanceId = 'I1') => {
    const appended = log.append(instanceId);
    reader.lastSeq = seqOf(appended);
    subs.dispatch(appended);
  };
  const open = (after: string | null, instanceId: string | null = 'I1', viewer: Viewer = admin) =>
    subs.subscribe({ viewer, instanceId, after }, Promise.resolve())[Symbol.asyncIterator]();
  return { subs, live, open };
}

describe('a sessionEvents resume', () => {
  it('hands over from a paged replay to the live events that arrived during it: no gap, no duplicate', async () => {
    const log = fakeLog(1_000);
    const { live, open } = subscriptionsOver(log, 50);
    const it = open('0');
    const seen: SessionEvent[] = [];
    await nextEvents(it, 100, { seen });
    for (let i = 0; i < 20; i++) {
      live();
    }
    await nextEvents(it, 850, { seen });
    for (let i = 0; i < 20; i++) {
      live();
    }
    await nextEvents(it, 90, { seen });
    expect(seqs(seen)).toEqual(range(1, 1_040));
    live();
    expect(seqs(await nextEvents(it, 1))).toEqual([1_041]);
    // the replay stopped where the reader was at registration: the live ones came as live
    expect(Math.max(...log.events.readAfter.mock.calls.map(([a]) => a.afterSeq))).toBeLessThan(
      1_000,
    );
  });

  it('ends with a retryable STREAM_INTERRUPTED at the last delivered cursor when pruned mid-replay', async () => {
    const log = fakeLog(500);
    const { open } = subscriptionsOver(log, 50);
    const it = open('0');
    const seen = await nextEvents(it, 70);
    log.prune(300);
    await nextEvents(it, 30, { seen });
    await expect(it.next()).rejects.toMatchObject({
      extensions: { code: 'STREAM_INTERRUPTED', reason: 'overflow', cursor: '100' },
    });
    expect(seen.at(-1)?.cursor).toBe('100');
  });

  it('answers a cursor it cannot honour with a snapshot, marked stale per instance', async () => {
    const log = fakeLog(100, (seq) => (seq % 2 === 0 ? 'SICK' : 'I1'));
    log.prune(50);
    const { open } = subscriptionsOver(log, 50);
    for (const instanceId of ['I1', 'SICK']) {
      const [snapshot] = await nextEvents(open('10', instanceId), 1);
      expect(snapshot).toMatchObject({
        kind: 'SessionSnapshot',
        resumed: false,
        cursor: '100',
        session: { stale: instanceId === 'SICK' },
      });
    }
    expect(log.events.readAfter).not.toHaveBeenCalled();
  });

  it('stops reading pages when the subscriber goes during the replay', async () => {
    const log = fakeLog(1_000);
    const { subs, open } = subscriptionsOver(log, 50);
    const it = open('0');
    await nextEvents(it, 75);
    await it.return?.();
    const reads = log.events.readAfter.mock.calls.length;
    await settle();
    expect(reads).toBe(2);
    expect(log.events.readAfter).toHaveBeenCalledTimes(reads);
    expect(subs.size).toBe(0);

    // and when the gateway shuts down under it
    const other = open('0');
    await nextEvents(other, 75);
    subs.closeAll();
    await expect(other.next()).rejects.toMatchObject({ extensions: { reason: 'shutdown' } });
    await settle();
    expect(log.events.readAfter).toHaveBeenCalledTimes(reads + 2);
  });

  it('replays to a tenant only the events of the instances it may see', async () => {
    const log = fakeLog(600, (seq) => (seq % 2 === 0 ? 'A1' : 'B1'));
    const { open } = subscriptionsOver(log, 50);
    const it = open('0', null, { role: 'tenant', tenantId: 'A' });
    const seen = await nextEvents(it, 300);
    expect(seen.every((e) => e.instanceId === 'A1')).toBe(true);
    expect(seqs(seen)).toEqual(range(1, 300).map((i) => i * 2));
  });
});

describe('a connect link’s streams', () => {
  const link = (expiresInMs: number): Viewer => ({
    role: 'link',
    linkId: 'cl-1',
    instanceId: 'A1',
    tenantId: 'A',
    expiresAt: new Date(Date.now() + expiresInMs),
  });

  it('end with UNAUTHENTICATED when the link expires', async () => {
    const { open } = subscriptionsOver(fakeLog(0), 50);
    const it = open(null, 'A1', link(150));
    expect((await it.next()).value).toMatchObject({ kind: 'SessionSnapshot' });
    const started = Date.now();
    await expect(it.next()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('end at once when revoked, and one opened afterwards never opens', async () => {
    const { subs, open } = subscriptionsOver(fakeLog(0), 50);
    const revoked = open(null, 'A1', link(60_000));
    await revoked.next();
    subs.revoke('cl-1');
    await expect(revoked.next()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    // a stream opened after the revocation never opens
    const late = open(null, 'A1', link(60_000));
    await expect(late.next()).rejects.toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
  });
});
