import type { SessionState, SessionStatus } from '@wawp-gateway/schema';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { toEventNotice } from '../testing/event-notice';
import { makeStatusChanged } from '../testing/sample-events';
import { storeFixtures, type TestDatabase, waitFor } from '../testing/store-fixtures';
import type { NewSessionEvent, StateTransition, Store, StoredSessionState } from './store-types';

const at = new Date('2026-01-01T00:00:00.000Z');
const state = (instanceId: string, status: SessionStatus): SessionState => ({
  instanceId,
  status,
  me: null,
  observedAt: at,
  stale: false,
});
const qr = { value: '2@q', imageDataUrl: 'data:image/png;base64,AA', expiresAt: null };

/** Moves `instanceId` to `status` with one event, unless it is there already. */
const moveTo =
  (instanceId: string, status: SessionStatus, upstreamTs?: number) =>
  (stored: StoredSessionState | null): StateTransition | null => {
    const previousStatus = stored?.session.status ?? null;
    if (previousStatus === status) {
      return null;
    }
    const event: NewSessionEvent = {
      kind: 'SessionStatusChanged',
      instanceId,
      occurredAt: at,
      source: 'POLL',
      status,
      previousStatus,
    };
    return { state: state(instanceId, status), upstreamTs, events: [event] };
  };

describe.each(storeFixtures)('state transitions on $name', (fixture) => {
  let database: TestDatabase;
  let store: Store;
  beforeEach(async () => {
    database = await fixture.createDatabase();
    store = await database.open();
  });
  afterEach(() => database.dispose());

  it('applies the state and its events together, with cursors and notices', async () => {
    const heard: string[] = [];
    await store.bus.listen((payload) => heard.push(payload));
    const seen: (StoredSessionState | null)[] = [];
    const events = await store.states.transition('i1', (stored) => {
      seen.push(stored);
      return {
        state: state('i1', 'SCAN_QR_CODE'),
        qrCode: qr,
        upstreamTs: 100,
        readUntil: new Date(42),
        events: [makeStatusChanged('i1'), { ...makeStatusChanged('i1'), status: 'SCAN_QR_CODE' }],
      };
    });
    expect(events?.map((e) => e.cursor)).toEqual(['1', '2']);
    expect(await store.events.readAfter({ afterSeq: 0 })).toEqual(events);
    expect(await store.states.get('i1')).toEqual({
      session: state('i1', 'SCAN_QR_CODE'),
      qrCode: qr,
      upstreamTs: 100,
      readUntil: new Date(42),
    });
    await waitFor(() => heard.length === 2);
    expect(heard.map((p) => toEventNotice(p)?.seq)).toEqual([1, 2]);

    // `decide` sees the stored row; `null` changes nothing
    expect(await store.states.transition('i1', moveTo('i1', 'SCAN_QR_CODE'))).toBeNull();
    expect(seen).toEqual([null]);
    // like `put`: an omitted QR is kept while SCAN_QR_CODE, and an older upstreamTs is refused
    expect(await store.states.transition('i1', moveTo('i1', 'WORKING', 50))).toBeNull();
    const kept = await store.states.transition('i1', (stored) => ({
      state: state('i1', 'SCAN_QR_CODE'),
      events: stored?.qrCode ? [] : [makeStatusChanged('i1')],
    }));
    expect(kept).toEqual([]);
    expect(await store.states.get('i1')).toMatchObject({ qrCode: qr, upstreamTs: 100 });
    expect(await store.events.latestSeq()).toBe(2);
  });

  it('rolls back when decide throws or a write fails, and stays usable', async () => {
    await store.states.put(state('i1', 'STARTING'));
    const boom = new Error('decide failed');
    await expect(
      store.states.transition('i1', () => {
        throw boom;
      }),
    ).rejects.toBe(boom);
    // the second event is written, then fails to read back: state and first event roll back too
    const bogus = { ...makeStatusChanged('i1'), kind: 'Bogus' } as unknown as NewSessionEvent;
    await expect(
      store.states.transition('i1', () => ({
        state: state('i1', 'WORKING'),
        events: [makeStatusChanged('i1'), bogus],
      })),
    ).rejects.toThrow(/unknown event kind/);
    expect(await store.states.get('i1')).toMatchObject({ session: { status: 'STARTING' } });
    expect(await store.events.latestSeq()).toBe(0);
    expect(await store.events.readAfter({ afterSeq: 0 })).toEqual([]);

    const events = await store.states.transition('i1', moveTo('i1', 'WORKING'));
    expect(events?.map((e) => e.cursor)).toEqual(['1']);
  });

  it(`publishes a contested change once${fixture.shared ? ', across two replicas' : ''}`, async () => {
    const replicas = fixture.shared ? [store, await database.open()] : [store];
    // i1 has a row to lock; i2 has none yet, which the advisory lock covers as well
    await store.states.put(state('i1', 'STARTING'));
    const results = await Promise.all(
      replicas.flatMap((replica) =>
        Array.from({ length: 20 }, (_, n) => {
          const id = n % 2 ? 'i1' : 'i2';
          return replica.states.transition(id, moveTo(id, 'SCAN_QR_CODE'));
        }),
      ),
    );
    expect(results.filter((r) => r !== null)).toHaveLength(2);
    const log = await store.events.readAfter({ afterSeq: 0 });
    expect(log.map((e) => [e.instanceId, e.kind])).toEqual(
      expect.arrayContaining([
        ['i1', 'SessionStatusChanged'],
        ['i2', 'SessionStatusChanged'],
      ]),
    );
    expect(log).toHaveLength(2);
    const states = await store.states.getMany(['i1', 'i2']);
    expect(states.map((s) => s?.session.status)).toEqual(['SCAN_QR_CODE', 'SCAN_QR_CODE']);
  });
});
