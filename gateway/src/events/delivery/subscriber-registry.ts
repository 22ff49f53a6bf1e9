import { credentialOf, type SessionEvent, type Viewer } from '@wawp-gateway/schema';
import { seqOf } from '../../store';
import type { Subscriber } from './subscriber';

/** @private A registered subscriber: one instance, or every instance its viewer may see. */
export interface RegistryEntry {
  viewer: Viewer;
  instanceId: string | null;
  sub: Subscriber;
  /** The transport's part in a revocation (graphql-ws closes its socket with 4403). */
  onRevoked?: () => void;
}

/**
 * @private The replica's local subscribers, indexed by instance (fleet-wide ones apart), so
 * dispatching an event touches only those that can want it; `canSee` filters by tenant.
 */
export function createSubscriberRegistry(
  canSee: (viewer: Viewer, instanceId: string, seq?: number) => boolean,
) {
  const byInstance = new Map<string, Set<RegistryEntry>>();
  const fleet = new Set<RegistryEntry>();

  const setOf = (entry: RegistryEntry) => {
    if (entry.instanceId === null) {
      return fleet;
    }
    let set = byInstance.get(entry.instanceId);
    if (!set) {
      set = new Set();
      byInstance.set(entry.instanceId, set);
    }
    return set;
  };

  return {
    add(entry: RegistryEntry): void {
      setOf(entry).add(entry);
    },
    remove(entry: RegistryEntry): void {
      const set = setOf(entry);
      set.delete(entry);
      if (entry.instanceId !== null && set.size === 0) {
        byInstance.delete(entry.instanceId);
      }
    },
    /** Offers `event` (the same object to all: executions are shared by it) to those who may see it. */
    dispatch(event: SessionEvent): void {
      const seq = seqOf(event);
      for (const set of [byInstance.get(event.instanceId), fleet]) {
        for (const entry of set ?? []) {
          if (canSee(entry.viewer, event.instanceId, seq)) {
            entry.sub.offer(event);
          }
        }
      }
    },
    /** Every subscriber opened with the credential `id` (a tenant key's or a link's id). */
    ofCredential(id: string): RegistryEntry[] {
      const all = [...fleet, ...[...byInstance.values()].flatMap((set) => [...set])];
      return all.filter((entry) => credentialOf(entry.viewer) === id);
    },
    /** The subscribers of `instanceId` alone (fleet subscribers are filtered per event instead). */
    ofInstance(instanceId: string): RegistryEntry[] {
      return [...(byInstance.get(instanceId) ?? [])];
    },
    /** Ends every subscriber with `end` (a subscriber that has not begun is just closed). */
    closeAll(end: (entry: RegistryEntry) => void = (entry) => entry.sub.close()): void {
      for (const entry of [...fleet, ...[...byInstance.values()].flatMap((set) => [...set])]) {
        end(entry);
      }
    },

    get size(): number {
      let count = fleet.size;
      for (const set of byInstance.values()) {
        count += set.size;
      }
      return count;
    },
  };
}
