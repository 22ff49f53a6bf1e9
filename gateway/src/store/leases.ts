import type { LockSession } from './engine';
import { createMutex } from './mutex';
import type { Leases } from './store-types';

/**
 * @private Leases as `pg_try_advisory_lock(namespace, hashtext(instanceId))` on the lock session.
 * `namespace` keeps stores on other schemas apart. Two instance ids whose `hashtext` collide share
 * a lock (odds about 1 in 4 billion per pair): then one store polls both or one waits. Operations
 * are serialised, and the held set makes acquiring re-entrant without stacking locks, so one
 * `release` always frees a lease.
 */
export function createLeases(session: LockSession, namespace: number): Leases {
  const held = new Set<string>();
  const mutex = createMutex();
  const lostListeners = new Set<(instanceIds: string[]) => void>();

  session.onLost(() => {
    const lost = [...held];
    held.clear();
    if (lost.length > 0) {
      for (const listener of lostListeners) {
        listener(lost);
      }
    }
  });

  const unlock = async (instanceId: string) => {
    held.delete(instanceId);
    await session.query('select pg_advisory_unlock($1::int4, hashtext($2)) as ok', [
      namespace,
      instanceId,
    ]);
  };

  return {
    tryAcquire: (instanceId) =>
      mutex.run(async () => {
        if (held.has(instanceId)) {
          return true;
        }
        const [row] = await session.query<{ ok: boolean }>(
          'select pg_try_advisory_lock($1::int4, hashtext($2)) as ok',
          [namespace, instanceId],
        );
        if (row?.ok) {
          held.add(instanceId);
        }
        return row?.ok === true;
      }),
    release: (instanceId) =>
      mutex.run(async () => {
        if (held.has(instanceId)) {
          await unlock(instanceId);
        }
      }),
    releaseAll: () =>
      mutex.run(async () => {
        for (const instanceId of [...held]) {
          await unlock(instanceId);
        }
      }),
    held: () => [...held],
    onLost(listener) {
      lostListeners.add(listener);
      return () => {
        lostListeners.delete(listener);
      };
    },
  };
}
