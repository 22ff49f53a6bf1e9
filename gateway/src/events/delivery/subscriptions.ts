import {
  type DirectoryPort,
  type EventsPort,
  type SessionEvent,
  type Viewer,
  visibleInstancesFilter,
} from '@wawp-gateway/schema';
import { type EventLog, toSeq } from '../../store';
import type { EventsLogger } from '../types';
import { makeSnapshots } from './make-snapshots';
import { replayRange } from './replay-range';
import type { StateCache } from './state-cache';
import { createSubscriber } from './subscriber';
import { createSubscriberRegistry, type RegistryEntry } from './subscriber-registry';
import type { Visibility } from './visibility';

/** @private What the subscription registry needs from the rest of the hub. */
export interface SubscriptionsOptions {
  events: Pick<EventLog, 'readAfter' | 'canResume'>;
  directory: Pick<DirectoryPort, 'listInstances'>;
  healthy(): boolean;
  reader: { readonly lastSeq: number };
  cache: Pick<StateCache, 'warm' | 'peek'>;
  visibility: Pick<Visibility, 'refresh' | 'canSee'>;
  logger: EventsLogger;
  watch(instanceId: string): () => void;
  bufferSize: number;
  maxReplay: number;
}

type SubscribeArgs = Parameters<EventsPort['subscribe']>[0];
interface Entry extends RegistryEntry {
  track(unwatch: () => void): void;
}

/** @private Local subscribers by instance (or fleet-wide), their preludes and the dispatch. */
export function createSubscriptions(o: SubscriptionsOptions) {
  const registry = createSubscriberRegistry(o.visibility.canSee);
  let closing = false;

  const visibleIds = async (viewer: Viewer) => {
    return (await o.directory.listInstances(visibleInstancesFilter(viewer))).map(
      (record) => record.instanceId,
    );
  };

  const snapshot = async (entry: Entry, ids: string[], resumed: boolean) => {
    await Promise.all(
      ids.map((id) =>
        o.cache.warm(id).catch((error: unknown) => {
          if (entry.instanceId !== null) {
            throw error;
          }
          o.logger.warn({ err: error, instanceId: id }, 'events: no snapshot for an instance');
        }),
      ),
    );
    // Read the states and the position in one tick: the snapshot shows exactly `cursor`.
    const cursor = o.reader.lastSeq;
    const visible = ids.filter((id) => o.visibility.canSee(entry.viewer, id));
    const state = o.cache.peek;
    entry.sub.begin(
      makeSnapshots({ instanceIds: visible, cursor, state, resumed, healthy: o.healthy() }),
      cursor,
    );
  };

  const open = async (entry: Entry, args: SubscribeArgs, ready: Promise<void>) => {
    await ready;
    if (entry.sub.closed || closing) {
      entry.sub.close();
      return;
    }
    // Registered in the same tick as `registeredAt` is read: every later event reaches it.
    const registeredAt = o.reader.lastSeq;
    registry.add(entry);
    const ids = entry.instanceId !== null ? [entry.instanceId] : await visibleIds(entry.viewer);
    for (const id of ids) {
      entry.track(o.watch(id));
    }
    await o.visibility.refresh(ids);
    const afterSeq = args.after === null ? null : toSeq(args.after);
    if (afterSeq !== null) {
      const replayed = await replayRange({
        events: o.events,
        afterSeq,
        untilSeq: registeredAt,
        instanceIds: entry.instanceId === null && entry.viewer.role === 'admin' ? null : ids,
        maxEvents: o.maxReplay,
      });
      if (replayed) {
        const visible = replayed.filter((e) => o.visibility.canSee(entry.viewer, e.instanceId));
        entry.sub.begin(visible, Math.max(registeredAt, afterSeq));
        return;
      }
    }
    await snapshot(entry, ids, args.after === null);
  };

  return {
    /** Opens a subscription once `ready` (the reader started); see `EventsPort.subscribe`. */
    subscribe(args: SubscribeArgs, ready: Promise<void>): AsyncIterableIterator<SessionEvent> {
      const unwatches: (() => void)[] = [];
      let closed = false;
      let registered: Entry | null = null;
      const entry: Entry = {
        viewer: args.viewer,
        instanceId: args.instanceId,
        sub: createSubscriber({
          capacity: o.bufferSize,
          onOverflow: args.onOverflow,
          signal: args.signal,
          onClose: () => {
            closed = true;
            // `entry` does not exist yet when the signal was aborted before subscribing
            if (registered) {
              registry.remove(registered);
            }
            for (const unwatch of unwatches.splice(0)) {
              unwatch();
            }
          },
        }),
        track: (unwatch) => (closed ? unwatch() : unwatches.push(unwatch)),
      };
      registered = entry;
      open(entry, args, ready).catch((error: unknown) => entry.sub.fail(error));
      return entry.sub.iterator;
    },
    /** Offers a dispatched event to every local subscriber allowed to see it. */
    dispatch: registry.dispatch,
    /** Ends every subscription, and any opened from now on. */
    closeAll(): void {
      closing = true;
      registry.closeAll();
    },
    get size(): number {
      return registry.size;
    },
  };
}
