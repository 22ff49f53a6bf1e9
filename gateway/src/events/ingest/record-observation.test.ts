import type { SessionEvent } from '@wawp-gateway/schema';
import { describe, expect, it, vi } from 'vitest';
import type { NewSessionEvent, StoredSessionState } from '../../store';
import { makeState } from '../../testing/hub-fixtures';
import { type ObservationStore, recordObservation } from './record-observation';

const stored = (status: 'WORKING' | 'STARTING', upstreamTs: number | null = 1_000) =>
  ({ session: makeState('I1', status), qrCode: null, upstreamTs }) satisfies StoredSessionState;
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
