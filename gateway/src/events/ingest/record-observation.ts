import type {
  Account,
  EventSource,
  QrCode,
  SessionEvent,
  SessionState,
} from '@wawp-gateway/schema';
import type { EventLog, NewSessionEvent, StateStore, StoredSessionState } from '../../store';
import type { Intent, KnownState, Observation } from '../types';
import { diff, toKnownState } from './diff';

/**
 * An atomic read-decide-write of one instance's state and its events (one transaction holding a
 * per-instance lock), so replicas ingesting the same change at once publish it once. Resolves
 * with the appended events, or `null` when `decide` returned `null` (nothing written).
 */
export type StateTransitionFn = (
  instanceId: string,
  decide: (stored: StoredSessionState | null) => Decision | null,
) => Promise<SessionEvent[] | null>;

/** The store parts an observation is written to; `transition` is used when the store has it. */
export interface ObservationStore {
  states: Pick<StateStore, 'get' | 'put'> & { transition?: StateTransitionFn };
  events: Pick<EventLog, 'append'>;
}

/** The part of a stored state that events are diffed against. */
export function toKnown(stored: StoredSessionState | null): KnownState | null {
  return stored
    ? { status: stored.session.status, me: stored.session.me, qrCode: stored.qrCode }
    : null;
}

/** Where an observation stands against a mark: only a `newer` one is published. */
export type Order = 'older' | 'undecided' | 'newer';

/** What an observation is ordered against: a stored state, or one waiting in the ingest queue. */
export interface OrderMark {
  /** When the read behind it was sent, or its webhook received (gateway clock). */
  observedAt: Date;
  /** Wawp's timestamp of its newest webhook, or its newest read's answer time, when known. */
  upstreamTs?: number | null;
  /** When its newest read was answered (gateway clock). */
  readUntil?: Date | null;
}

/** The mark of a stored state. */
export const markOf = (stored: StoredSessionState): OrderMark => ({
  observedAt: stored.session.observedAt,
  upstreamTs: stored.upstreamTs,
  readUntil: stored.readUntil,
});

/**
 * The one ordering rule of observations. A read holds at some moment between its send and its
 * answer; a webhook at Wawp's timestamp, which it is compared by. Publishing only what is surely
 * newer keeps the stream a subsequence of what Wawp went through; what cannot be told apart is
 * `undecided`, and a fresh read settles it (a webhook's processor reads when one of its claims is
 * undecided; a read left undecided is followed by the next poll).
 *
 * - A read is older when sent before the mark was observed, and undecided when sent before the
 *   mark's own read was answered (the two may have reached Wawp in either order).
 * - A webhook is newer when stamped after the mark, and older when stamped before the earliest
 *   moment the mark can describe; in between (inside a read's flight, or on the same
 *   millisecond as the marking webhook) it is undecided. A webhook without timestamp is newer.
 */
export function orderOf(observation: Observation, source: EventSource, mark: OrderMark): Order {
  if (source !== 'WEBHOOK') {
    const sentAt = observation.observedAt.getTime();
    if (sentAt < mark.observedAt.getTime()) {
      return 'older';
    }
    return mark.readUntil && sentAt < mark.readUntil.getTime() ? 'undecided' : 'newer';
  }
  const ts = observation.upstreamTs ?? null;
  const markTs = mark.upstreamTs ?? null;
  if (ts === null || markTs === null || ts > markTs) {
    return 'newer';
  }
  return ts >= Math.min(mark.observedAt.getTime(), markTs) ? 'undecided' : 'older';
}

/** True when `observation` is not surely newer than `stored` (see {@link orderOf}). */
export function isStale(
  stored: StoredSessionState | null,
  observation: Observation,
  source: EventSource,
): boolean {
  return stored !== null && orderOf(observation, source, markOf(stored)) !== 'newer';
}

const sameAccount = (a: Account | null, b: Account | null) =>
  a?.id === b?.id && a?.pushName === b?.pushName;

/** What an observation changes: the state to store and the events to append. */
export interface Decision {
  state: SessionState;
  qrCode: QrCode | null;
  upstreamTs: number | null;
  /** A read's answer time (`null` for a webhook: the stored one stays). */
  readUntil: Date | null;
  events: NewSessionEvent[];
}

/**
 * Decides what `observation` changes against `stored` (pure; an atomic store transition can run
 * it inside its transaction). `null` = refused: older than the stored state or its condition
 * unmet; `'unchanged'` = nothing to write.
 */
export function decideObservation(
  stored: StoredSessionState | null,
  observation: Observation,
  context: { source: EventSource; intent: Intent | null },
): Decision | 'unchanged' | null {
  const only = observation.onlyIfStatus;
  const stale = isStale(stored, observation, context.source);
  if (stale || (only !== undefined && stored?.session.status !== only)) {
    return null;
  }
  const prev = toKnown(stored);
  const drafts = diff(prev, observation, { intent: context.intent });
  const next = toKnownState(prev, observation);
  const webhook = context.source === 'WEBHOOK';
  const ts = observation.upstreamTs ?? null;
  // Only Wawp's own timestamps are worth a write: they make older deliveries recognisable.
  const advanced = webhook && ts !== null && (stored?.upstreamTs ?? 0) < ts;
  if (stored && drafts.length === 0 && !advanced && sameAccount(stored.session.me, next.me)) {
    return 'unchanged';
  }
  const { instanceId, observedAt } = observation;
  return {
    state: { instanceId, status: next.status, me: next.me, observedAt, stale: false },
    qrCode: next.qrCode,
    // a read moves the mark forward but is never refused for being behind it
    upstreamTs: webhook || ts === null ? ts : Math.max(ts, stored?.upstreamTs ?? 0),
    readUntil: webhook ? null : (observation.answeredAt ?? observedAt),
    events: drafts.map((draft) => ({
      ...draft,
      instanceId,
      occurredAt: observedAt,
      source: context.source,
    })),
  };
}

/**
 * Writes one observation, atomically when the store offers `states.transition`. Otherwise it
 * stores the new state (conditionally on Wawp's timestamp), then appends the events, which the
 * log announces; two replicas diffing the same change at the same moment may then both publish. Returns the appended events (none when nothing changed),
 * or `null` when the observation was refused (see `decideObservation`, or a newer state won).
 */
export async function recordObservation(
  store: ObservationStore,
  stored: StoredSessionState | null,
  observation: Observation,
  context: { source: EventSource; intent: Intent | null },
): Promise<SessionEvent[] | null> {
  const { transition } = store.states;
  if (transition) {
    let refused = false;
    const events = await transition(observation.instanceId, (fresh) => {
      const decision = decideObservation(fresh, observation, context);
      refused = decision === null;
      return decision === 'unchanged' ? null : decision;
    });
    return refused ? null : (events ?? []);
  }
  const decision = decideObservation(stored, observation, context);
  if (decision === null || decision === 'unchanged') {
    return decision === null ? null : [];
  }
  // State first, events second: a snapshot built from the stored state may then run ahead of
  // the log (the event follows and converges) but never behind it (which would be a gap).
  const { state, qrCode, upstreamTs, readUntil } = decision;
  if (!(await store.states.put(state, { upstreamTs, qrCode, readUntil }))) {
    return null;
  }
  const appended: SessionEvent[] = [];
  for (const event of decision.events) {
    appended.push(await store.events.append(event));
  }
  return appended;
}
