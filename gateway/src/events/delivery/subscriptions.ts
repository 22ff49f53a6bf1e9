import {
  canSee,
  credentialOf,
  type DirectoryPort,
  ErrorCode,
  type EventsPort,
  gatewayError,
  type SessionEvent,
  streamInterrupted,
  type Viewer,
  visibleInstancesFilter,
} from '@wawp-gateway/schema';
import { type EventLog, seqOf, toSeq } from '../../store';
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
  /** Whether Wawp answers for `instanceId`; its snapshots are marked stale while it does not. */
  healthy(instanceId: string): boolean;
  reader: { readonly lastSeq: number };
  cache: Pick<StateCache, 'warm' | 'peek'>;
  visibility: Pick<Visibility, 'refresh' | 'canSee' | 'ownerSince'>;
  logger: EventsLogger;
  /** Makes the reader want `instanceId`'s events (`null`: every instance's); returns the undo. */
  follow(instanceId: string | null): () => void;
  watch(instanceId: string): () => void;
  bufferSize: number;
}

type SubscribeArgs = Parameters<EventsPort['subscribe']>[0];

const revoked = () => gatewayError(ErrorCode.Unauthenticated, 'The API key was revoked.');
const linkUsed = () =>
  gatewayError(ErrorCode.Unauthenticated, 'This connect link was used: the session is linked.');
const lostInstance = () => gatewayError(ErrorCode.NotFound, 'Instance not found.');
const overflowError = (cursor: string | null) => streamInterrupted('overflow', cursor);
interface Entry extends RegistryEntry {
  track(unwatch: () => void): void;
}

/** @private Local subscribers by instance (or fleet-wide), their preludes and the dispatch. */
export function createSubscriptions(o: SubscriptionsOptions) {
  const registry = createSubscriberRegistry(o.visibility.canSee);
  /**
   * Credentials (keys, links) revoked while this replica runs: a stream that authenticated just
   * before never opens.
   */
  const revokedKeys = new Set<string>();
  let closing = false;
  const isRevoked = (viewer: Viewer) => revokedKeys.has(credentialOf(viewer) ?? '');
  const endRevoked = (entry: Pick<Entry, 'onRevoked' | 'sub'>) => {
    entry.onRevoked?.();
    entry.sub.end(revoked());
  };

  const visibleIds = async (viewer: Viewer) => {
    return (await o.directory.listInstances(visibleInstancesFilter(viewer)))
      .filter((record) => canSee(viewer, record))
      .map((record) => record.instanceId);
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
      makeSnapshots({ instanceIds: visible, cursor, state, resumed, healthy: o.healthy }),
      cursor,
    );
  };

  const open = async (entry: Entry, args: SubscribeArgs, ready: Promise<void>) => {
    await ready;
    if (entry.sub.closed || closing) {
      entry.sub.close();
      return;
    }
    if (isRevoked(entry.viewer)) {
      entry.sub.end(revoked());
      return;
    }
    // Followed and registered in the same tick as `registeredAt` is read: every later event
    // reaches it.
    entry.track(o.follow(entry.instanceId));
    const registeredAt = o.reader.lastSeq;
    registry.add(entry);
    const ids = entry.instanceId !== null ? [entry.instanceId] : await visibleIds(entry.viewer);
    for (const id of ids) {
      entry.track(o.watch(id));
    }
    await o.visibility.refresh(ids);
    const afterSeq = args.after === null ? null : toSeq(args.after);
    // A tenant's history of an instance starts when it received it: resuming from before that
    // would replay the previous owner's events, so it gets a fresh snapshot instead.
    const beforeOwnership =
      afterSeq !== null &&
      entry.viewer.role !== 'admin' &&
      ids.some((id) => o.visibility.ownerSince(id) > afterSeq);
    if (afterSeq !== null && !beforeOwnership) {
      const outcome = await replayRange({
        events: o.events,
        afterSeq,
        untilSeq: registeredAt,
        instanceIds: entry.instanceId === null && entry.viewer.role === 'admin' ? null : ids,
        visible: (e) => o.visibility.canSee(entry.viewer, e.instanceId, seqOf(e)),
        into: entry.sub,
      });
      if (outcome === 'complete') {
        entry.sub.begin([], Math.max(registeredAt, afterSeq));
        return;
      }
      if (outcome === 'gap') {
        // pruned under a replay already under way: the client resumes, and gets a snapshot then
        entry.sub.end(streamInterrupted('overflow', entry.sub.lastDelivered));
        return;
      }
      if (outcome === 'ended') {
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
        onRevoked: args.onRevoked,
        sub: createSubscriber({
          capacity: o.bufferSize,
          resumeAfter: args.after,
          onOverflow: args.onOverflow,
          overflowError,
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
      const { viewer } = args;
      if (viewer.role === 'link') {
        // a link's streams end when it expires, as when it is revoked
        const timer = setTimeout(() => endRevoked(entry), viewer.expiresAt.getTime() - Date.now());
        entry.track(() => clearTimeout(timer));
      }
      open(entry, args, ready).catch((error: unknown) => entry.sub.fail(error));
      return entry.sub.iterator;
    },
    /** Offers a dispatched event to every local subscriber allowed to see it. */
    dispatch: registry.dispatch,
    /**
     * The credential `id` (a tenant key, a connect link) was revoked (at this point of the log):
     * its streams end now, the transport first (graphql-ws closes with 4403), then each stream
     * with `UNAUTHENTICATED`.
     */
    revoke(id: string): void {
      revokedKeys.add(id);
      for (const entry of registry.ofCredential(id)) {
        endRevoked(entry);
      }
    },
    /**
     * The connect link `id` was used (its instance reached WORKING): its streams deliver what
     * they hold (that WORKING), then end with `UNAUTHENTICATED`; the transport stays open.
     */
    spent(id: string): void {
      revokedKeys.add(id);
      for (const entry of registry.ofCredential(id)) {
        entry.sub.fail(linkUsed());
      }
    },
    /** `instanceId` changed owner: its subscribers who may no longer see it end with NOT_FOUND. */
    reassigned(instanceId: string): void {
      for (const entry of registry.ofInstance(instanceId)) {
        if (!o.visibility.canSee(entry.viewer, instanceId)) {
          entry.sub.end(lostInstance());
        }
      }
    },
    /** Ends every subscription with a retryable error (resume after its last cursor), and any opened from now on. */
    closeAll(): void {
      closing = true;
      registry.closeAll((entry) =>
        entry.sub.end(streamInterrupted('shutdown', entry.sub.lastDelivered)),
      );
    },
    get size(): number {
      return registry.size;
    },
  };
}
