import type { Kysely } from 'kysely';
import type { Database } from './database';
import { readStates, upsertState } from './state-rows';
import { createTransition, type TransitionOptions } from './state-transition';
import type { StateStore } from './store-types';

/**
 * @private Last known state per instance: reads, the conditional upsert (see `PutStateOptions`)
 * and the atomic `transition` (see `createTransition`).
 */
export function createStateStore(db: Kysely<Database>, options: TransitionOptions): StateStore {
  return {
    getMany: (instanceIds) => readStates(db, instanceIds),
    async get(instanceId) {
      const [state] = await readStates(db, [instanceId]);
      return state ?? null;
    },
    put: (state, options) => upsertState(db, state, options),
    transition: createTransition(db, options),
  };
}
