import type { SessionEvent } from '@wawp-gateway/schema';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type LogEntry, seqOf, toCursor } from '../../store';
import { createEventReader } from './event-reader';

const event = (seq: number, instanceId: string): SessionEvent => ({
  kind: 'SessionStatusChanged',
  cursor: toCursor(seq),
  instanceId,
  occurredAt: new Date(0),
  source: 'WEBHOOK',
  status: 'WORKING',
  previousStatus: 'SCAN_QR_CODE',
});
const revocation = (seq: number): LogEntry => ({
  kind: 'ApiKeyRevoked',
  keyId: 'key-1',
  cursor: toCursor(seq),
});

/** A log of entries, a NOTIFY bus and a Redis bus, all fake, around one reader on the Redis bus. */
function rig(options: { followed: string[]; bodyWaitMs?: number }) {
  const log: LogEntry[] = [];
  let notify: (payload: string) => void = () => {};
  let onBody: (event: SessionEvent) => void = () => {};
  let onStatus: (connected: boolean) => void = () => {};
  const payloads = {
    connected: true,
    onEvent: (listener: (event: SessionEvent) => void) => {
      onBody = listener;
      return () => {};
    },
    onStatus: (listener: (connected: boolean) => void) => {
      onStatus = listener;
      return () => {};
    },
  };
  const events = {
    readLogAfter: vi.fn(async ({ afterSeq }: { afterSeq: number }) =>
      log.filter((entry) => seqOf(entry) > afterSeq),
    ),
    readSeqs: vi.fn(async (seqs: readonly number[]) =>
      log.filter((entry) => seqs.includes(seqOf(entry))),
    ),
    latestSeq: async () => log.length,
  };
  const followed = new Set(options.followed);
  const dispatched: LogEntry[] = [];
  const fallbacks: number[] = [];
  const reader = createEventReader({
    events,
    bus: {
      listen: async (onMessage) => {
        notify = onMessage;
        return async () => {};
      },
    },
    payloads,
    follows: (instanceId) => followed.has(instanceId),
    bodyWaitMs: options.bodyWaitMs ?? 50,
    onFallback: (n) => fallbacks.push(n),
    prepare: async () => {},
    dispatch: (batch) => dispatched.push(...batch),
    logger: { info() {}, warn() {}, error() {} } as never,
  });
  /** Commits `entry` to the log and sends its notice (the body is sent separately). */
  const commit = (entry: LogEntry) => {
    log.push(entry);
    const access = entry.kind === 'ApiKeyRevoked';
    const instanceId = 'instanceId' in entry ? entry.instanceId : '';
    notify(JSON.stringify({ kind: access ? 'access' : 'event', seq: seqOf(entry), instanceId }));
  };
  return {
    reader,
    log,
    events,
    payloads,
    followed,
    dispatched,
    fallbacks,
    commit,
    body: (e: SessionEvent) => onBody(e),
    setConnected(connected: boolean) {
      payloads.connected = connected;
      onStatus(connected);
    },
    seqs: () => dispatched.map(seqOf),
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 5));

afterEach(() => {
  vi.useRealTimers();
});

describe('the event reader on the Redis bus', () => {
  it('dispatches followed events from the bus and skips the others, reading no row', async () => {
    const r = rig({ followed: ['A'] });
    await r.reader.start();
    r.events.readLogAfter.mockClear();
    const a1 = event(1, 'A');
    r.commit(a1);
    r.commit(event(2, 'B'));
    r.body(a1);
    const a3 = event(3, 'A');
    r.body(a3); // the body may come before its notice
    r.commit(a3);
    await settle();
    expect(r.seqs()).toEqual([1, 3]);
    expect(r.reader.lastSeq).toBe(3);
    expect(r.events.readSeqs).not.toHaveBeenCalledWith(expect.arrayContaining([1]));
    expect(r.events.readLogAfter).not.toHaveBeenCalled();
    expect(r.fallbacks.reduce((a, b) => a + b, 0)).toBe(0);
  });

  it('reads an event from the log when its body does not come in time, in order', async () => {
    const r = rig({ followed: ['A'], bodyWaitMs: 30 });
    await r.reader.start();
    r.commit(event(1, 'A')); // its body never comes (the publisher died after the commit)
    const a2 = event(2, 'A');
    r.commit(a2);
    r.body(a2);
    await settle();
    expect(r.seqs()).toEqual([]); // 2 waits behind 1
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(r.seqs()).toEqual([1, 2]);
    expect(r.events.readSeqs).toHaveBeenCalledWith([1]);
    expect(r.fallbacks.reduce((a, b) => a + b, 0)).toBe(1);
  });

  it('reads at once from the log while Redis is down, and counts it', async () => {
    const r = rig({ followed: ['A'], bodyWaitMs: 60_000 });
    await r.reader.start();
    r.setConnected(false);
    r.commit(event(1, 'A'));
    r.commit(event(2, 'B'));
    r.commit(event(3, 'A'));
    await settle();
    expect(r.seqs()).toEqual([1, 3]);
    expect(r.fallbacks.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('reads access changes from the log, in log order with the events around them', async () => {
    const r = rig({ followed: ['A'] });
    await r.reader.start();
    const a1 = event(1, 'A');
    const a3 = event(3, 'A');
    r.commit(a1);
    r.commit(revocation(2));
    r.commit(a3);
    r.body(a3);
    r.body(a1);
    await settle();
    expect(r.dispatched.map((entry) => entry.kind)).toEqual([
      'SessionStatusChanged',
      'ApiKeyRevoked',
      'SessionStatusChanged',
    ]);
    expect(r.seqs()).toEqual([1, 2, 3]);
    expect(r.events.readSeqs).toHaveBeenCalledWith([2]);
  });

  it('reads everything after its position when a notice went missing', async () => {
    const r = rig({ followed: ['A'] });
    await r.reader.start();
    r.events.readLogAfter.mockClear();
    const a1 = event(1, 'A');
    r.commit(a1);
    r.body(a1);
    await settle();
    r.log.push(event(2, 'A')); // committed, but its notice was lost
    r.commit(event(3, 'B'));
    await settle();
    expect(r.seqs()).toEqual([1, 2, 3]);
    expect(r.events.readLogAfter).toHaveBeenCalledWith(expect.objectContaining({ afterSeq: 1 }));
  });

  it('does not skip an instance followed while a read was under way', async () => {
    const r = rig({ followed: [], bodyWaitMs: 30 });
    await r.reader.start();
    let release: () => void = () => {};
    r.events.readSeqs.mockImplementationOnce(async (seqs) => {
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      return r.log.filter((entry) => seqs.includes(seqOf(entry)));
    });
    r.commit(revocation(1)); // its read blocks until released
    r.commit(event(2, 'B')); // planned as skipped: nobody follows B yet
    await settle();
    r.followed.add('B'); // a subscriber of B registers at lastSeq 0
    release();
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(r.seqs()).toContain(2);
  });
});
