import type { LockSession } from './engine';
import { type LeaseRequest, leasesToAsk, leasesToGive } from './lease-share';
import {
  ASK,
  BEAT,
  FORGET_GONE,
  HAND_OVER,
  LEAVE,
  LIVE_COUNTS,
  RELEASE_UNWANTED,
  REQUESTS,
  WITHDRAW,
} from './lease-sql';
import type { StoreLogger } from './store-types';

/** @private What the balancer needs of the leases it balances (see `createLeases`). */
export interface BalancedLeases {
  /** The leases held and still valid, by instance id. */
  heldLeases(): ReadonlyMap<string, { epoch: string; expiryMs: number }>;
  /** Instances whose lease this store was refused lately and would still poll. */
  wanted(): string[];
  /** Forgets `ids` at once, as handed over: their poll loops stop (`onLost`). */
  surrender(ids: string[]): void;
}

/** @private Options of {@link createLeaseBalancer}. */
export interface LeaseBalancerOptions {
  owner: string;
  /** How often a round runs: heartbeat, ask, hand over. */
  everyMs: number;
  /** Runs `work` exclusively with the other statements of the lock session. */
  exclusive<T>(work: () => Promise<T>): Promise<T>;
  logger: StoreLogger;
}

/** How often each Postgres store balances its leases: one default poll interval. */
export const LEASE_BALANCE_EVERY_MS = 3_000;
/** A store not seen for three rounds is not counted (crashed, or cut off from the database). */
const ALIVE_ROUNDS = 3;
/** Rows of stores not seen for a day are deleted at start. */
const GONE_MS = 86_400_000;

/**
 * @private Spreads poll leases over the live stores of one database, on Postgres. Leases are
 * first come, first served, so left alone the replica that started first (or a survivor of a
 * restart) polls everything. Every round, each store says it is alive (`gateway_replicas`),
 * counts every live store's leases, asks the busiest for leases it would poll (`wanted_by`) and
 * hands over those asked of it, each only while the giver holds at least two more than the asker
 * (gateway/src/store/lease-share.ts). A handed-over lease gets a new epoch, so the giver is fenced
 * at once; the asker's poll loop acquires it at its next try (within a poll interval).
 */
export function createLeaseBalancer(
  session: LockSession,
  leases: BalancedLeases,
  options: LeaseBalancerOptions,
) {
  const { owner, everyMs, logger } = options;
  const aliveMs = Math.round(ALIVE_ROUNDS * everyMs);
  let started = false;
  let running = false;
  let stopped = false;
  let asking = false;
  let handedOver = 0;
  let replicas = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const ask = async (counts: Map<string, number>) => {
    const wanted = leases.wanted();
    const plan = leasesToAsk(counts, owner, wanted.length);
    if (asking) {
      await session.query(WITHDRAW, [owner, [...plan.keys()], plan.size === 0]);
    }
    for (const [donor, count] of plan) {
      await session.query(ASK, [owner, donor, wanted, count, aliveMs]);
    }
    asking = plan.size > 0;
    return wanted;
  };

  const give = async (counts: Map<string, number>) => {
    const held = leases.heldLeases();
    if (held.size === 0) {
      return;
    }
    const rows = await session.query<{ instance_id: string; wanted_by: string }>(REQUESTS, [owner]);
    const requests = rows
      .filter((row) => held.has(row.instance_id))
      .map((row): LeaseRequest => ({ instanceId: row.instance_id, wantedBy: row.wanted_by }));
    const granted = leasesToGive(counts, owner, requests);
    if (granted.length === 0) {
      return;
    }
    const ids = granted.map((request) => request.instanceId);
    // stop polling them before anyone else can start
    leases.surrender(ids);
    const moved = await session.query<{ instance_id: string }>(HAND_OVER, [
      owner,
      ids,
      ids.map((id) => held.get(id)?.epoch),
      granted.map((request) => request.wantedBy),
      ids.map((id) => held.get(id)?.expiryMs),
    ]);
    handedOver += moved.length;
    logger.info(
      { handedOver: moved.length, asked: granted.length, replicas },
      'store: poll leases handed over to balance the replicas',
    );
  };

  const round = () =>
    options.exclusive(async () => {
      if (stopped) {
        return;
      }
      await session.query(BEAT, [owner]);
      if (!started) {
        started = true;
        await session.query(FORGET_GONE, [GONE_MS]);
      }
      const rows = await session.query<{ owner: string; leases: number }>(LIVE_COUNTS, [aliveMs]);
      const counts = new Map(rows.map((row) => [row.owner, Number(row.leases)]));
      replicas = counts.size;
      const wanted = await ask(counts);
      await give(counts);
      await session.query(RELEASE_UNWANTED, [owner, [...leases.heldLeases().keys(), ...wanted]]);
    });

  const schedule = () => {
    if (stopped) {
      return;
    }
    timer = setTimeout(() => {
      round()
        .catch((error: unknown) => {
          logger.warn({ err: String(error) }, 'store: balancing poll leases failed');
        })
        .finally(schedule);
    }, everyMs);
    timer.unref();
  };

  return {
    /** Starts the rounds (the first one at once). */
    start() {
      if (stopped || running) {
        return;
      }
      running = true;
      round()
        .catch((error: unknown) => {
          logger.warn({ err: String(error) }, 'store: balancing poll leases failed');
        })
        .finally(schedule);
    },
    /** One round now (tests). */
    round,
    /** Stops the rounds and leaves the cluster: the others stop counting this store at once. */
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await options.exclusive(async () => {
        if (asking) {
          await session.query(WITHDRAW, [owner, [], true]);
        }
        await session.query(LEAVE, [owner]);
      });
    },
    /** Live stores at the last round (this one included), and leases handed over since start. */
    stats: () => ({ replicas, handedOver }),
  };
}

/** The balancer {@link createLeaseBalancer} returns. */
export type LeaseBalancer = ReturnType<typeof createLeaseBalancer>;
