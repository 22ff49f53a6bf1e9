import type { EventSource, SessionEvent, SessionState } from '@wawp-gateway/schema';
import type { EventsLogger, Observation } from '../types';
import { confirms, needsConfirmation } from './confirmation';
import type { Intents } from './intents';
import { createKeyedQueue } from './keyed-queue';
import {
  markOf,
  type ObservationStore,
  type OrderMark,
  orderOf,
  recordObservation,
  toKnown,
} from './record-observation';

/** Options of {@link createIngest}. */
export interface IngestOptions {
  store: ObservationStore;
  /** Why the gateway itself changes a session; read here, noted by whoever acts. */
  intents: Pick<Intents, 'current' | 'clear'>;
  logger: EventsLogger;
  /** Told the events an observation appended, by the replica that appended them. */
  onRecorded?: (events: readonly SessionEvent[]) => void;
}

/** What became of an observation. */
export interface IngestResult {
  /** The events appended for it (none when nothing changed). */
  events: SessionEvent[];
  /** False when it was dropped: stale, not confirmed by Wawp, or its condition unmet. */
  accepted: boolean;
}

const REFUSED: IngestResult = { events: [], accepted: false };

/** Options of one `ingest` call. */
export interface IngestFlags {
  /**
   * Reads `session/info`: to confirm a FAILED/leaving-WORKING claim before it is published
   * (webhooks are a hint only), and to settle a claim that cannot be ordered against what is
   * known (see `orderOf`). The reader reports its own read to the hub, which queues behind this
   * observation and publishes whatever is true.
   */
  confirm?: () => Promise<SessionState>;
}

interface Item {
  observation: Observation;
  source: EventSource;
  confirm: IngestFlags['confirm'];
  /** A read to make once this item is recorded: a merged-in claim was undecided against it. */
  settle?: IngestFlags['confirm'];
}

const markOfItem = ({ observation }: Item): OrderMark => ({
  observedAt: observation.observedAt,
  upstreamTs: observation.upstreamTs,
  readUntil: observation.answeredAt ?? null,
});

function merge(waiting: Item, arriving: Item): Item {
  const a = waiting.observation;
  const b = arriving.observation;
  if (b.onlyIfStatus !== undefined) {
    // a conditional observation (a QR) only adds its QR to a waiting one of that status
    return a.status === b.onlyIfStatus
      ? { ...waiting, observation: { ...a, qrCode: b.qrCode } }
      : waiting;
  }
  const order = orderOf(b, arriving.source, markOfItem(waiting));
  if (order !== 'newer') {
    const undecided = order === 'undecided' && b.status !== a.status;
    return undecided ? { ...waiting, settle: arriving.confirm ?? waiting.settle } : waiting;
  }
  const same = a.status === b.status;
  const upstreamTs = Math.max(a.upstreamTs ?? 0, b.upstreamTs ?? 0) || null;
  return {
    ...arriving,
    observation: {
      ...b,
      upstreamTs,
      me: b.me !== undefined ? b.me : same ? a.me : undefined,
      qrCode: b.qrCode !== undefined ? b.qrCode : same ? a.qrCode : undefined,
    },
  };
}

/**
 * The write side of the hub: observations of one instance are processed one at a time, and those
 * that pile up meanwhile collapse into one (a flapping burst publishes what actually changed).
 */
export function createIngest(options: IngestOptions) {
  const { store, logger, intents } = options;

  /** Reads Wawp once to settle an undecided claim; the read reports itself to the hub. */
  const settle = async (read: IngestFlags['confirm'], instanceId: string) => {
    await read?.().catch((error: unknown) => {
      logger.debug({ err: error, instanceId }, 'events: settling read failed');
    });
  };

  const run = async (instanceId: string, item: Item): Promise<IngestResult> => {
    const result = await record(instanceId, item);
    await settle(item.settle, instanceId);
    return result;
  };

  const record = async (instanceId: string, item: Item): Promise<IngestResult> => {
    const stored = await store.states.get(instanceId);
    const { observation } = item;
    const order = stored ? orderOf(observation, item.source, markOf(stored)) : 'newer';
    if (order !== 'newer') {
      logger.debug({ instanceId, upstreamTs: observation.upstreamTs, order }, 'events: not newer');
      if (order === 'undecided' && observation.status !== stored?.session.status) {
        await settle(item.confirm, instanceId);
      }
      return REFUSED;
    }
    const known = toKnown(stored);
    if (item.confirm && needsConfirmation(known, observation.status)) {
      const actual = await item.confirm().catch(() => null);
      if (!actual || !confirms(known, observation.status, actual.status)) {
        logger.warn(
          { instanceId, claimed: observation.status, actual: actual?.status ?? null },
          'events: webhook not confirmed by session/info; ignored',
        );
        return REFUSED;
      }
    }
    const intent = intents.current(instanceId);
    const events = await recordObservation(store, stored, observation, {
      source: item.source,
      intent,
    });
    if (events?.some((event) => event.kind === 'SessionStatusChanged')) {
      intents.clear(instanceId);
    }
    if (events && events.length > 0) {
      options.onRecorded?.(events);
    }
    if (!events) {
      // refused under the lock: a newer state landed since the check above
      await settle(item.confirm, instanceId);
    }
    return events ? { events, accepted: true } : REFUSED;
  };

  const queue = createKeyedQueue<Item, IngestResult>({ run, merge });

  return {
    /** Diffs `observation` against the stored state and appends what changed. */
    ingest(observation: Observation, source: EventSource, flags: IngestFlags = {}) {
      return queue.push(observation.instanceId, {
        observation,
        source,
        confirm: flags.confirm,
      });
    },
    idle: (instanceId: string) => queue.idle(instanceId),
    drained: () => queue.drained(),
  };
}

export type Ingest = ReturnType<typeof createIngest>;
