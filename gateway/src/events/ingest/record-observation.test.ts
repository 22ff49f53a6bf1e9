import type { SessionEvent } from '@wawp-gateway/schema';
import { describe, expect, it, vi } from 'vitest';
import type { NewSessionEvent, StoredSessionState } from '../../store';
import { makeState } from '../../testing/hub-fixtures';
import { type ObservationStore, orderOf, recordObservation } from './record-observation';

const stored = (status: 'WORKING' | 'STARTING', upstreamTs: number | null = 1_000) =>
  ({
    session: makeState('I1', status),
    qrCode: null,
    upstreamTs,
    readUntil: null,
  }) satisfies StoredSessionState;
const observed = (status: 'WORKING' | 'FAILED' | 'STARTING', upstreamTs: number | null = null) => ({
  instanceId: 'I1',
  status,
  observedAt: new Date(),
  upstreamTs,
});
const toEvent = (event: NewSessionEvent, seq: number) =>
  ({ ...event, cursor: String(seq) }) as SessionEvent;

function fallbackStore() {
  const calls: string[] = [];
  const store: ObservationStore = {
    states: {
      get: async () => null,
      put: vi.fn(async () => {
        calls.push('put');
        return true;
      }),
    },
    events: {
      append: vi.fn(async (event: NewSessionEvent) => {
        calls.push(`append:${event.kind}`);
        return toEvent(event, calls.length);
      }),
    },
  };
  return { store, calls };
}

describe('recordObservation', () => {
  const ctx = { source: 'WEBHOOK' as const, intent: null };

  it('stores the state before appending its events, and refuses stale webhooks', async () => {
    const { store, calls } = fallbackStore();
    const events = await recordObservation(
      store,
      stored('WORKING'),
      observed('FAILED', 2_000),
      ctx,
    );
    expect(events?.map((e) => e.kind)).toEqual(['SessionStatusChanged', 'SessionDisconnected']);
    expect(calls).toEqual(['put', 'append:SessionStatusChanged', 'append:SessionDisconnected']);
    expect(
      await recordObservation(store, stored('WORKING'), observed('FAILED', 500), ctx),
    ).toBeNull();
    expect(
      await recordObservation(store, stored('WORKING'), observed('WORKING', 900), ctx),
    ).toBeNull();
    // a read is never stale, and an unchanged one writes nothing
    const poll = { source: 'POLL' as const, intent: null };
    expect(
      await recordObservation(store, stored('WORKING'), observed('WORKING', 500), poll),
    ).toEqual([]);
    expect(calls).toHaveLength(3);
  });

  it('decides inside the store’s atomic transition when it has one', async () => {
    const { store } = fallbackStore();
    let row: StoredSessionState | null = stored('STARTING');
    const transition = vi.fn(
      async (_id: string, decide: (s: StoredSessionState | null) => unknown) => {
        const decision = decide(row) as { events: NewSessionEvent[] } | null;
        row = null;
        return decision ? decision.events.map(toEvent) : null;
      },
    );
    const atomic: ObservationStore = { ...store, states: { ...store.states, transition } };
    // `stored` passed in is outdated; the transition's fresh row decides
    const events = await recordObservation(
      atomic,
      stored('WORKING'),
      observed('WORKING', 2_000),
      ctx,
    );
    expect(events?.map((e) => e.kind)).toEqual(['SessionStatusChanged']);
    expect(store.states.put).not.toHaveBeenCalled();
    row = stored('WORKING', 3_000);
    expect(await recordObservation(atomic, null, observed('FAILED', 2_500), ctx)).toBeNull();
    row = stored('WORKING', 1_000);
    expect(
      await recordObservation(atomic, null, observed('WORKING', 500), { ...ctx, source: 'POLL' }),
    ).toEqual([]);
  });
});

describe('orderOf', () => {
  const at = (ms: number) => new Date(ms);
  // a read sent at 1,000 and answered at 1,200
  const afterRead = { observedAt: at(1_000), upstreamTs: 1_200, readUntil: at(1_200) };
  // a webhook stamped 1,000 by Wawp and received at 1,050
  const afterWebhook = { observedAt: at(1_050), upstreamTs: 1_000, readUntil: null };
  const webhook = (ts: number | null) => ({
    instanceId: 'I1',
    status: 'STOPPED' as const,
    observedAt: at(5_000),
    upstreamTs: ts,
  });
  const read = (sentAt: number) => ({
    instanceId: 'I1',
    status: 'STOPPED' as const,
    observedAt: at(sentAt),
    answeredAt: at(sentAt + 100),
    upstreamTs: sentAt + 100,
  });

  it('orders a webhook by its stamp: before a read was sent, during its flight, after it', () => {
    expect(orderOf(webhook(999), 'WEBHOOK', afterRead)).toBe('older');
    expect(orderOf(webhook(1_000), 'WEBHOOK', afterRead)).toBe('undecided');
    expect(orderOf(webhook(1_200), 'WEBHOOK', afterRead)).toBe('undecided');
    expect(orderOf(webhook(1_201), 'WEBHOOK', afterRead)).toBe('newer');
    expect(orderOf(webhook(null), 'WEBHOOK', afterRead)).toBe('newer');
  });

  it('cannot tell two webhooks of the same millisecond apart', () => {
    expect(orderOf(webhook(999), 'WEBHOOK', afterWebhook)).toBe('older');
    expect(orderOf(webhook(1_000), 'WEBHOOK', afterWebhook)).toBe('undecided');
    expect(orderOf(webhook(1_001), 'WEBHOOK', afterWebhook)).toBe('newer');
  });

  it('orders a read by when it was sent: before the mark, during the mark’s read, after', () => {
    expect(orderOf(read(999), 'POLL', afterRead)).toBe('older');
    expect(orderOf(read(1_100), 'GATEWAY', afterRead)).toBe('undecided');
    expect(orderOf(read(1_200), 'POLL', afterRead)).toBe('newer');
    // a webhook's receipt is the mark; Wawp's clock running ahead does not hold reads back
    expect(orderOf(read(1_050), 'POLL', { ...afterWebhook, upstreamTs: 90_000 })).toBe('newer');
    expect(orderOf(read(1_049), 'POLL', afterWebhook)).toBe('older');
  });
});
