import type { SessionEvent } from '@wawp-gateway/schema';
import {
  type Bus,
  type EventLog,
  isAccessKind,
  type LogEntry,
  type PayloadBus,
  seqOf,
} from '../../store';
import type { EventsLogger } from '../types';

/** Options of {@link createEventReader}. */
export interface EventReaderOptions {
  events: Pick<EventLog, 'readLogAfter' | 'latestSeq' | 'readSeqs'>;
  bus: Pick<Bus, 'listen'>;
  /**
   * The Redis bus, if configured: then the log's notices (`{kind, seq, instanceId}`, in commit
   * order) say what exists, the bus brings the events of followed instances, and only what it
   * did not bring is read from the log. Without it every notice wakes a read of the log.
   */
  payloads?: Pick<PayloadBus, 'onEvent' | 'onStatus' | 'connected'> | null;
  /** Whether this replica wants `instanceId`'s events (with `payloads`: the others are skipped). */
  follows?: (instanceId: string) => boolean;
  /** How long a notified event waits for the bus before it is read from the log. @default 250 // ms */
  bodyWaitMs?: number;
  /** Told how many events were read from the log because the bus did not bring them. */
  onFallback?: (events: number) => void;
  /** Runs before a batch is dispatched (e.g. refreshing tenant assignments); a throw retries it. */
  prepare(batch: LogEntry[]): Promise<void>;
  /**
   * Hands a batch of log entries (events and access changes), in seq order, on to local
   * subscribers; `lastSeq` moves in the same tick.
   */
  dispatch(batch: LogEntry[]): void;
  logger: EventsLogger;
  /** @default 500 */
  pageSize?: number;
  /** Delay before reading again after a failed read. @default 1_000 // 1 s */
  retryMs?: number;
}

/** A log notice: an entry exists at `seq`. */
interface Notice {
  seq: number;
  instanceId: string;
  access: boolean;
  /** When it arrived (ms, local clock). */
  at: number;
}

/** Bodies held for notices not seen yet; past this the oldest go (they will be read instead). */
const MAX_BODIES = 20_000;

const parseNotice = (payload: string): Omit<Notice, 'at'> | null => {
  try {
    const value = JSON.parse(payload) as { kind?: unknown; seq?: unknown; instanceId?: unknown };
    if (
      (value.kind === 'event' || value.kind === 'access') &&
      typeof value.seq === 'number' &&
      typeof value.instanceId === 'string'
    ) {
      return { seq: value.seq, instanceId: value.instanceId, access: value.kind === 'access' };
    }
  } catch {}
  return null;
};

/**
 * The replica's one reader of the event log, which hands every entry on in seq order, once.
 * Woken by every NOTIFY (from any replica) and by a reconnect of the LISTEN connection, it reads
 * everything after the last dispatched seq, so events missed by a lost notification are still
 * delivered. With the Redis bus it reads only what the bus did not bring (see `payloads`); a
 * lost notice, or a LISTEN reconnect, falls back to reading everything after `lastSeq`.
 */
export function createEventReader(options: EventReaderOptions) {
  const pageSize = options.pageSize ?? 500;
  const bodyWaitMs = options.bodyWaitMs ?? 250;
  const payloads = options.payloads ?? null;
  const follows = options.follows ?? (() => true);
  let lastSeq = 0;
  let ready = false;
  let stopped = false;
  let again = false;
  /** Read everything after `lastSeq` next (always, without the Redis bus). */
  let readAll = true;
  let running: Promise<void> | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let bodyTimer: ReturnType<typeof setTimeout> | undefined;
  const offs: (() => unknown)[] = [];
  const waiters = new Set<{ seq: number; resolve: () => void }>();
  const notices: Notice[] = [];
  const bodies = new Map<number, SessionEvent>();

  const settleWaiters = () => {
    for (const waiter of waiters) {
      if (stopped || lastSeq >= waiter.seq) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  };

  const advance = (seq: number) => {
    lastSeq = Math.max(lastSeq, seq);
    while (notices[0] && notices[0].seq <= lastSeq) {
      notices.shift();
    }
    for (const held of bodies.keys()) {
      if (held <= lastSeq) {
        bodies.delete(held);
      }
    }
  };

  /** Everything after `lastSeq`, a page at a time, until a short page. */
  const readEverything = async () => {
    for (;;) {
      // Seqs below a waiter's target are committed (seq order is commit order), so once a read
      // started after the wait comes back short, any that did not show up were pruned.
      const target = Math.max(0, ...[...waiters].map((waiter) => waiter.seq));
      const batch = await options.events.readLogAfter({ afterSeq: lastSeq, limit: pageSize });
      if (stopped) {
        return;
      }
      if (batch.length > 0) {
        await options.prepare(batch);
        const fresh = batch.filter((event) => seqOf(event) > lastSeq);
        // dispatch and advance in one tick: a subscriber registering meanwhile sees both or neither
        options.dispatch(fresh);
        advance(seqOf(batch[batch.length - 1] as LogEntry));
        if (payloads) {
          options.onFallback?.(fresh.filter((entry) => !isAccessKind(entry.kind)).length);
        }
      }
      if (batch.length < pageSize) {
        advance(target);
        settleWaiters();
        return;
      }
      settleWaiters();
    }
  };

  /**
   * The notices from `lastSeq + 1` on, as far as each is settled: followed events whose body
   * came, access changes and events that waited long enough (read from the log), and skipped
   * events of instances nobody here follows.
   */
  const planRun = () => {
    const run: Notice[] = [];
    const missing: number[] = [];
    let waitUntil: number | null = null;
    const now = Date.now();
    for (const notice of notices) {
      if (notice.seq !== lastSeq + 1 + run.length || run.length >= pageSize) {
        break;
      }
      const needed = notice.access || follows(notice.instanceId);
      if (needed && !bodies.has(notice.seq)) {
        if (!notice.access && payloads?.connected && now - notice.at < bodyWaitMs) {
          waitUntil = notice.at + bodyWaitMs;
          break;
        }
        missing.push(notice.seq);
      }
      run.push(notice);
    }
    return { run, missing, waitUntil };
  };

  const readNoticed = async () => {
    for (;;) {
      advance(lastSeq);
      const head = notices[0];
      if (!head) {
        return;
      }
      if (head.seq !== lastSeq + 1) {
        // a notice went missing (lost while connected, or an id this code cannot parse)
        readAll = true;
        again = true;
        return;
      }
      const { run, missing, waitUntil } = planRun();
      if (run.length === 0) {
        clearTimeout(bodyTimer);
        bodyTimer = setTimeout(wake, Math.max(1, (waitUntil ?? Date.now()) - Date.now()));
        bodyTimer.unref?.();
        return;
      }
      const read = new Map(
        (await options.events.readSeqs(missing)).map((entry) => [seqOf(entry), entry]),
      );
      if (stopped) {
        return;
      }
      const fallback = [...read.values()].filter((entry) => !isAccessKind(entry.kind));
      const entriesOf = (upTo: number) =>
        run.slice(0, upTo).flatMap((notice) => {
          const entry = read.get(notice.seq) ?? bodies.get(notice.seq);
          return entry ? [entry] : [];
        });
      await options.prepare(entriesOf(run.length));
      if (stopped) {
        return;
      }
      // An instance followed since the plan has no body for what was skipped: stop before it.
      const asked = new Set(missing);
      let usable = run.findIndex(
        (notice) =>
          !notice.access &&
          follows(notice.instanceId) &&
          !read.has(notice.seq) &&
          !bodies.has(notice.seq) &&
          !asked.has(notice.seq),
      );
      usable = usable === -1 ? run.length : usable;
      if (usable > 0) {
        options.dispatch(entriesOf(usable));
        advance((run[usable - 1] as Notice).seq);
        settleWaiters();
      }
      if (fallback.length > 0) {
        options.onFallback?.(fallback.filter((entry) => seqOf(entry) <= lastSeq).length);
      }
    }
  };

  const pump = async () => {
    do {
      again = false;
      if (readAll || !payloads) {
        readAll = false;
        await readEverything();
      } else {
        await readNoticed();
      }
    } while (again && !stopped);
  };

  const wake = () => {
    if (!ready || stopped) {
      return;
    }
    if (running) {
      again = true;
      return;
    }
    running = pump()
      .catch((error: unknown) => {
        options.logger.error({ err: error }, 'events: reading the log failed; retrying');
        readAll = true;
        clearTimeout(retryTimer);
        retryTimer = setTimeout(wake, options.retryMs ?? 1_000);
      })
      .finally(() => {
        running = null;
      });
  };

  const onNotice = (payload: string) => {
    if (payloads) {
      const notice = parseNotice(payload);
      if (!notice) {
        readAll = true;
      } else if (notice.seq > lastSeq) {
        notices.push({ ...notice, at: Date.now() });
      }
    }
    wake();
  };

  const onBody = (event: SessionEvent) => {
    const seq = seqOf(event);
    if (seq <= lastSeq) {
      return;
    }
    bodies.set(seq, event);
    if (bodies.size > MAX_BODIES) {
      bodies.delete(Math.min(...bodies.keys()));
    }
    if (notices.length > 0) {
      wake();
    }
  };

  return {
    /** The highest seq dispatched to local subscribers. */
    get lastSeq() {
      return lastSeq;
    },
    /** Starts listening; events appended before this are served from the log, not dispatched. */
    async start(): Promise<void> {
      if (payloads) {
        offs.push(payloads.onEvent(onBody), payloads.onStatus(wake));
      }
      const unlisten = await options.bus.listen(onNotice, {
        onReconnect: () => {
          readAll = true;
          wake();
        },
      });
      offs.push(unlisten);
      lastSeq = await options.events.latestSeq();
      readAll = true;
      ready = true;
      wake();
    },
    /** Resolves once every event up to `seq` was dispatched (or the reader stopped). */
    caughtUp(seq: number): Promise<void> {
      if (lastSeq >= seq || stopped) {
        return Promise.resolve();
      }
      const done = new Promise<void>((resolve) => waiters.add({ seq, resolve }));
      wake();
      return done;
    },
    /** Reads now (tests, or after a local append when NOTIFY is slow). */
    wake,
    async stop(): Promise<void> {
      stopped = true;
      clearTimeout(retryTimer);
      clearTimeout(bodyTimer);
      await Promise.all(offs.splice(0).map((off) => off()));
      await running;
      settleWaiters();
    },
  };
}

export type EventReader = ReturnType<typeof createEventReader>;
