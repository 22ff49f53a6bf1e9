import { performance } from 'node:perf_hooks';
import type { LockSession } from './engine';
import { createLeaseBalancer } from './lease-balancer';
import { ACQUIRE, RELEASE, RENEW, TRY_LOCK, TRY_LOCKS, UNLOCK } from './lease-sql';
import { createMutex } from './mutex';
import type { Leases, LeaseTiming, StoreLogger } from './store-types';

/** @private Options of `createLeases`. */
export interface LeasesOptions {
  /** Who this store is in `poll_leases.owner`; unique per store. */
  owner: string;
  /** The first key of the advisory locks (per schema, see `toLeaseNamespace`). */
  namespace: number;
  /** Take advisory locks (Postgres). Off on PGlite, whose single session is always granted them. */
  advisoryLocks: boolean;
  /** @default 9_000 // 9 s: three default poll intervals */
  expiryMs?: number;
  logger: StoreLogger;
  /** A monotonic clock (ms). @default performance.now */
  now?: () => number;
  /**
   * Spread the leases over the live stores of the database, a round this often (ms); see
   * gateway/src/store/lease-balancer.ts. Off when absent (PGlite: one process).
   */
  balanceEveryMs?: number;
}

interface Held {
  epoch: string;
  expiryMs: number;
  marginMs: number;
  /** Local time at which the last confirmed acquisition or renewal was sent. */
  confirmedAt: number;
  /** Whether the lock session holds the instance's advisory lock for it. */
  locked: boolean;
}

const validUntil = (lease: Held) => lease.confirmedAt + lease.expiryMs - lease.marginMs;
/** Renew halfway through the validity window, leaving room for a retry or two. */
const renewAt = (lease: Held) => lease.confirmedAt + (lease.expiryMs - lease.marginMs) / 2;
const retryMsOf = (lease: Held) => Math.max(100, (lease.expiryMs - lease.marginMs) / 8);

/**
 * @private Expiring, fenced poll leases in `poll_leases` (see `Leases`), driven through the lock
 * session. Acquisitions and renewals are serialised; a timer renews every held lease in one
 * statement, another drops those whose renewal was not confirmed within `expiryMs - marginMs` of the
 * previous one. Validity is judged from the send time of a statement, so the local deadline
 * always falls before the database's `expires_at`.
 */
export function createLeases(session: LockSession, options: LeasesOptions): Leases {
  const { owner, namespace, logger } = options;
  const now = options.now ?? (() => performance.now());
  const defaultExpiryMs = options.expiryMs ?? 9_000;
  const held = new Map<string, Held>();
  /** Advisory locks to give back (leases lost or released) before the next lock is taken. */
  const unlockPending = new Set<string>();
  const mutex = createMutex();
  const lostListeners = new Set<(instanceIds: string[]) => void>();
  /** Leases refused to this store, until when it counts as wanting them (see `wanted`). */
  const refused = new Map<string, number>();
  /** Grows whenever the lock session drops: advisory locks taken before it are gone. */
  let generation = 0;
  let renewBlockedUntil = 0;
  let renewing = false;
  let renewTimer: ReturnType<typeof setTimeout> | undefined;
  let deadlineTimer: ReturnType<typeof setTimeout> | undefined;

  const notifyLost = (ids: string[]) => {
    if (ids.length === 0) {
      return;
    }
    for (const listener of lostListeners) {
      listener(ids);
    }
  };

  /** Forgets `ids` locally, queues their locks for release, tells the listeners. */
  const drop = (ids: string[], reason: string, handedOver = false) => {
    const lost = ids.filter((id) => {
      const lease = held.get(id);
      if (lease?.locked) {
        unlockPending.add(id);
      }
      return held.delete(id);
    });
    if (lost.length > 0) {
      if (!handedOver) {
        logger.warn({ instanceIds: lost, reason }, 'store: poll leases lost');
      }
      if (unlockPending.size > 0) {
        void mutex.run(flushUnlocks).catch(() => {});
      }
      notifyLost(lost);
      schedule();
    }
  };

  const dropOverdue = () => {
    const t = now();
    drop(
      [...held].filter(([, lease]) => t >= validUntil(lease)).map(([id]) => id),
      'renewal not confirmed in time',
    );
  };

  const flushUnlocks = async () => {
    const gen = generation;
    for (const id of [...unlockPending]) {
      unlockPending.delete(id);
      if (!held.has(id) && gen === generation) {
        await session.query(UNLOCK, [namespace, id]);
      }
    }
  };

  const schedule = () => {
    clearTimeout(deadlineTimer);
    clearTimeout(renewTimer);
    if (held.size === 0) {
      return;
    }
    const leases = [...held.values()];
    const t = now();
    deadlineTimer = setTimeout(
      () => {
        dropOverdue();
        schedule();
      },
      Math.max(0, Math.min(...leases.map(validUntil)) - t),
    );
    deadlineTimer.unref();
    if (!renewing) {
      const renewal = Math.max(renewBlockedUntil, Math.min(...leases.map(renewAt)));
      renewTimer = setTimeout(renew, Math.max(0, renewal - t));
      renewTimer.unref();
    }
  };

  const renew = () => {
    renewing = true;
    void mutex
      .run(renewAll)
      .catch((error: unknown) => {
        logger.warn({ err: String(error) }, 'store: renewing poll leases failed');
      })
      .finally(() => {
        renewing = false;
        schedule();
      });
  };

  const renewAll = async () => {
    await flushUnlocks();
    dropOverdue();
    const batch = [...held];
    if (batch.length === 0) {
      return;
    }
    const gen = generation;
    try {
      if (options.advisoryLocks) {
        const unlocked = batch.filter(([, lease]) => !lease.locked).map(([id]) => id);
        if (unlocked.length > 0) {
          const rows = await session.query<{ instance_id: string; got: boolean }>(TRY_LOCKS, [
            namespace,
            unlocked,
          ]);
          for (const row of rows) {
            const lease = held.get(row.instance_id);
            if (row.got && lease && gen === generation) {
              lease.locked = true;
            } else if (row.got && gen === generation) {
              unlockPending.add(row.instance_id);
            }
          }
        }
      }
      const sentAt = now();
      const kept = await session.query<{ instance_id: string }>(RENEW, [
        owner,
        batch.map(([id]) => id),
        batch.map(([, lease]) => lease.epoch),
        batch.map(([, lease]) => lease.locked),
        batch.map(([, lease]) => lease.expiryMs),
      ]);
      const keptIds = new Set(kept.map((row) => row.instance_id));
      const fenced: string[] = [];
      for (const [id, lease] of batch) {
        if (held.get(id) !== lease) {
          continue; // dropped or re-acquired meanwhile
        }
        if (keptIds.has(id)) {
          lease.confirmedAt = Math.max(lease.confirmedAt, sentAt);
        } else {
          fenced.push(id);
        }
      }
      drop(fenced, 'taken over by another store');
    } catch (error) {
      renewBlockedUntil = now() + Math.min(...batch.map(([, lease]) => retryMsOf(lease)));
      logger.warn({ err: String(error) }, 'store: renewing poll leases failed');
    }
  };

  const acquire = async (instanceId: string, timing: LeaseTiming | undefined) => {
    const expiryMs = Math.max(1, Math.round(timing?.expiryMs ?? defaultExpiryMs));
    const marginMs = Math.min(expiryMs / 2, timing?.marginMs ?? expiryMs / 3);
    const gen = generation;
    const sentAt = now();
    let locked = false;
    if (options.advisoryLocks) {
      const [row] = await session.query<{ got: boolean }>(TRY_LOCK, [namespace, instanceId]);
      locked = row?.got === true;
    }
    const giveBack = async () => {
      if (locked && gen === generation) {
        await session.query(UNLOCK, [namespace, instanceId]);
      }
    };
    let rows: { epoch: string }[];
    try {
      rows = await session.query<{ epoch: string }>(ACQUIRE, [instanceId, owner, locked, expiryMs]);
    } catch (error) {
      await giveBack().catch(() => {});
      throw error;
    }
    const [row] = rows;
    if (!row) {
      await giveBack();
      // wanted while its poll loop keeps asking (every interval, well within two expiries)
      refused.set(instanceId, now() + 2 * expiryMs);
      return false;
    }
    refused.delete(instanceId);
    if (gen !== generation) {
      // the lock connection dropped meanwhile: the row may claim a lock that is gone
      return false;
    }
    held.set(instanceId, {
      epoch: String(row.epoch),
      expiryMs,
      marginMs,
      confirmedAt: sentAt,
      locked,
    });
    schedule();
    return true;
  };

  session.onLost(() => {
    generation += 1;
    unlockPending.clear();
    for (const lease of held.values()) {
      lease.locked = false;
    }
    // another store may take them over at once now (their rows say the locks were held)
    drop([...held.keys()], 'lock connection lost');
  });

  const release = async (instanceId: string) => {
    refused.delete(instanceId);
    const lease = held.get(instanceId);
    if (!lease) {
      return;
    }
    held.delete(instanceId);
    schedule();
    const gen = generation;
    await session.query(RELEASE, [instanceId, owner, lease.epoch]);
    if (lease.locked && gen === generation) {
      await session.query(UNLOCK, [namespace, instanceId]);
    }
  };

  /** The leases held that this store may still count on. */
  const stillValid = () => {
    const t = now();
    return [...held].filter(([, lease]) => t < validUntil(lease));
  };

  const balancer =
    options.balanceEveryMs === undefined
      ? null
      : createLeaseBalancer(
          session,
          {
            heldLeases: () =>
              new Map(
                stillValid().map(([id, lease]) => [
                  id,
                  { epoch: lease.epoch, expiryMs: lease.expiryMs },
                ]),
              ),
            wanted: () => {
              const t = now();
              for (const [id, until] of refused) {
                if (t >= until) {
                  refused.delete(id);
                }
              }
              return [...refused.keys()].filter((id) => !held.has(id));
            },
            surrender: (ids) => drop(ids, 'handed over', true),
          },
          { owner, everyMs: options.balanceEveryMs, exclusive: mutex.run, logger },
        );
  balancer?.start();

  return {
    tryAcquire: (instanceId, timing) => {
      const lease = held.get(instanceId);
      if (lease && now() < validUntil(lease)) {
        return Promise.resolve(true);
      }
      return mutex.run(async () => {
        dropOverdue();
        if (held.has(instanceId)) {
          return true;
        }
        await flushUnlocks();
        return acquire(instanceId, timing);
      });
    },
    release: (instanceId) => mutex.run(() => release(instanceId)),
    releaseAll: async () => {
      await balancer?.stop();
      await mutex.run(async () => {
        for (const instanceId of [...held.keys()]) {
          await release(instanceId);
        }
      });
    },
    balancing: () => balancer?.stats() ?? null,
    held: () => stillValid().map(([id]) => id),
    holds: (instanceId) => {
      const lease = held.get(instanceId);
      return lease !== undefined && now() < validUntil(lease);
    },
    onLost(listener) {
      lostListeners.add(listener);
      return () => {
        lostListeners.delete(listener);
      };
    },
  };
}
