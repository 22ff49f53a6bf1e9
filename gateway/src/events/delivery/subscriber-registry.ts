import type { SessionEvent, Viewer } from '@wawp-gateway/schema';
import type { Subscriber } from './subscriber';

/** @private A registered subscriber: one instance, or every instance its viewer may see. */
export interface RegistryEntry {
  viewer: Viewer;
  instanceId: string | null;
  sub: Subscriber;
}

/**
 * @private The replica's local subscribers, indexed by instance (fleet-wide ones apart), so
 * dispatching an event touches only those that can want it; `canSee` filters by tenant.
 */
export function createSubscriberRegistry(canSee: (viewer: Viewer, instanceId: string) => boolean) {
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
      for (const set of [byInstance.get(event.instanceId), fleet]) {
        for (const entry of set ?? []) {
          if (canSee(entry.viewer, event.instanceId)) {
            entry.sub.offer(event);
          }
        }
      }
    },
    closeAll(): void {
      for (const entry of [...fleet, ...[...byInstance.values()].flatMap((set) => [...set])]) {
        entry.sub.close();
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
