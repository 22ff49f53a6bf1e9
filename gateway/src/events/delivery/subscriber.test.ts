import type { SessionEvent } from '@wawp-gateway/schema';
import { describe, expect, it, vi } from 'vitest';
import { nextEvents } from '../../testing';
import { createSubscriber } from './subscriber';

const event = (seq: number): SessionEvent => ({
  kind: 'UpstreamHealthChanged',
  healthy: true,
  detail: null,
  instanceId: 'I1',
  occurredAt: new Date(),
  source: 'GATEWAY',
  cursor: String(seq),
});
const seqs = (events: SessionEvent[]) => events.map((e) => Number(e.cursor));
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => from + i);
const subscriber = (
  capacity: number,
  extra: { resumeAfter?: string; onOverflow?: () => void } = {},
) =>
  createSubscriber({
    capacity,
    overflowError: (cursor) => Object.assign(new Error('overflow'), { cursor }),
    onClose: () => {},
    ...extra,
  });

describe('subscriber', () => {
  it('takes a replay as the queue makes room, then hands over the live events held meanwhile', async () => {
    const sub = subscriber(3);
    expect(await sub.whenRoom(3)).toBe(true);
    for (const seq of [1, 2, 3]) {
      sub.replay(event(seq));
    }
    // live events of the replayed range and after it arrive meanwhile: held, not queued
    for (const seq of [3, 5, 6]) {
      sub.offer(event(seq));
    }
    expect(sub.queued).toBe(3);
    let room: boolean | null = null;
    void sub.whenRoom(2).then((r) => {
      room = r;
    });
    await nextEvents(sub.iterator, 1);
    await Promise.resolve();
    expect(room).toBeNull();
    await nextEvents(sub.iterator, 1);
    await Promise.resolve();
    expect(room).toBe(true);
    sub.replay(event(4));
    sub.begin([], 4);
    expect(seqs(await nextEvents(sub.iterator, 4))).toEqual([3, 4, 5, 6]);
  });

  it('resolves a pending whenRoom with false when it is closed or ends', async () => {
    const closed = subscriber(1);
    closed.replay(event(1));
    const waiting = closed.whenRoom(1);
    await closed.iterator.return?.();
    expect(await waiting).toBe(false);
    expect(await closed.whenRoom(1)).toBe(false);

    const ended = subscriber(1);
    ended.replay(event(1));
    const pending = ended.whenRoom(1);
    ended.end(new Error('revoked'));
    expect(await pending).toBe(false);
    expect(ended.ended).toBe(true);
    await expect(ended.iterator.next()).rejects.toThrow('revoked');
  });

  it('overflows when more live events than its capacity arrive during a replay, with the last delivered cursor', async () => {
    const sub = subscriber(2, { resumeAfter: '10' });
    sub.replay(event(11));
    sub.replay(event(12));
    expect(sub.lastDelivered).toBe('10');
    expect(seqs(await nextEvents(sub.iterator, 1))).toEqual([11]);
    for (const seq of [20, 21, 22]) {
      sub.offer(event(seq));
    }
    expect(sub.ended).toBe(true);
    await expect(sub.iterator.next()).rejects.toMatchObject({ cursor: '11' });
  });

  it('does not overflow at the handover while replayed events are still queued', async () => {
    const onOverflow = vi.fn();
    const sub = subscriber(2, { onOverflow });
    sub.replay(event(1));
    sub.replay(event(2));
    sub.offer(event(3));
    sub.offer(event(4));
    sub.begin([], 2);
    expect(onOverflow).not.toHaveBeenCalled();
    expect(seqs(await nextEvents(sub.iterator, 4))).toEqual(range(1, 4));
  });

  it('reports the resume cursor as last delivered until an event is delivered', async () => {
    const sub = subscriber(5, { resumeAfter: '7' });
    expect(sub.lastDelivered).toBe('7');
    sub.begin([event(8)], 8);
    await nextEvents(sub.iterator, 1);
    expect(sub.lastDelivered).toBe('8');
    expect(subscriber(5).lastDelivered).toBeNull();
  });
});
