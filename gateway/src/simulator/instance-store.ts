import { makeInstanceId, makeSeededIdentity, makeSessionName } from './ids';
import type { Instance } from './types';

/** The simulated account's instance quota by default; `session/create` answers 403 beyond it. */
export const MAX_INSTANCES = 25;

/** The largest quota a simulator may be given (benchmarks of many instances). */
export const QUOTA_LIMIT = 10_000;

/** @private In-memory instances keyed by `instance_id`, in creation order. */
export interface InstanceStore {
  /** A new STOPPED instance; with `seed`, its id and session name derive from it (stable). */
  create(seed?: string): Instance;
  get(id: string): Instance | undefined;
  remove(id: string): void;
  all(): Instance[];
  readonly size: number;
}

export function createInstanceStore(): InstanceStore {
  const instances = new Map<string, Instance>();
  let serial = 0;

  return {
    create(seed) {
      const seeded = seed === undefined ? null : makeSeededIdentity(seed);
      let id = seeded && !instances.has(seeded.id) ? seeded.id : makeInstanceId();
      while (instances.has(id)) {
        id = makeInstanceId();
      }
      serial += 1;
      const now = Date.now();
      const instance: Instance = {
        id,
        sessionName: seeded && seeded.id === id ? seeded.sessionName : makeSessionName(),
        serverName: `sim-node-eu-${serial}`,
        status: 'STOPPED',
        statuses: [{ status: 'STOPPED', timestamp: now }],
        history: [{ status: 'STOPPED', at: now }],
        auth: null,
        qr: null,
        pairing: null,
        webhooks: [],
        cancelTimer: null,
      };
      instances.set(id, instance);
      return instance;
    },
    get: (id) => instances.get(id),
    remove: (id) => {
      instances.delete(id);
    },
    all: () => [...instances.values()],
    get size() {
      return instances.size;
    },
  };
}
