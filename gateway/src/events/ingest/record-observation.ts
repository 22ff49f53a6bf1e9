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

/**
 * True when `observation` is older than what the stored state came from. A webhook is compared by
 * Wawp's timestamp; a read by when it was sent, against when the stored state was observed (both
 * on the gateway's clock, so a Wawp clock that runs ahead never blocks reads). A read sent before
 * a webhook was received may have been answered before the change that webhook announced, so it
 * is refused: the next read settles it, whereas accepting it could roll a just-linked session
 * back.
 */
export function isStale(
  stored: StoredSessionState | null,
  observation: Observation,
  source: EventSource,
): boolean {
  return (
    stored !== null &&
    isOlder(observation, source, {
      observedAt: stored.session.observedAt,
      upstreamTs: stored.upstreamTs,
    })
  );
}

/**
 * The rule behind {@link isStale}, against any mark (a stored state, or an observation waiting
 * in the ingest queue): a webhook is older when Wawp's timestamps say so, a read when it was sent
 * before the mark was observed.
 */
export function isOlder(
  observation: Observation,
  source: EventSource,
  mark: { observedAt: Date; upstreamTs?: number | null },
): boolean {
  if (source !== 'WEBHOOK') {
    return observation.observedAt < mark.observedAt;
  }
  const ts = observation.upstreamTs ?? null;
  return ts !== null && mark.upstreamTs != null && ts < mark.upstreamTs;
}

const sameAccount = (a: Account | null, b: Account | null) =>
  a?.id === b?.id && a?.pushName === b?.pushName;

/** What an observation changes: the state to store and the events to append. */
export interface Decision {
  state: SessionState;
  qrCode: QrCode | null;
  upstreamTs: number | null;
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
  const { state, qrCode, upstreamTs } = decision;
  if (!(await store.states.put(state, { upstreamTs, qrCode }))) {
    return null;
  }
  const appended: SessionEvent[] = [];
  for (const event of decision.events) {
    appended.push(await store.events.append(event));
  }
  return appended;
}
