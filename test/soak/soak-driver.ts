import { gql } from '../utils/graphql-http';
import type { SimControl } from '../utils/simulator-control';

/** How often the driver looks at the simulator. */
const TICK_MS = 400;
/** Statuses that stay put until someone acts. */
const STABLE = new Set(['WORKING', 'STOPPED', 'FAILED']);

type Action =
  | 'startSession'
  | 'stopSession'
  | 'restartSession'
  | 'logout'
  | 'scan'
  | 'unlink'
  | 'drop';

/** What the driver needs from the cluster. */
export interface DriverOptions {
  sim: SimControl;
  instanceIds: readonly string[];
  adminKey: string;
  /** URLs of the replicas that are up now; mutations go to one of them, in turn. */
  liveUrls(): string[];
  /** Least and most time between two actions on one instance. */
  stepMs: [number, number];
}

/** A running {@link startDriver}. */
export interface SessionDriver {
  /** Stops acting; resolves when no action is in flight. */
  stop(): Promise<void>;
  /**
   * Brings every instance to a status that stays put (SCAN_QR_CODE is scanned, STARTING waited
   * for) and resolves with the simulator's statuses, or rejects after `timeoutMs`.
   */
  settle(timeoutMs: number): Promise<Map<string, string>>;
  /** Actions taken, and those that failed (expected under faults and kills), by kind. */
  counts(): { actions: Record<string, number>; failed: Record<string, number> };
}

const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;

/** What to do to an instance in `status`, or nothing (`null`) this time. */
function choose(status: string): Action | null {
  switch (status) {
    case 'STOPPED':
    case 'FAILED':
      return 'startSession';
    case 'SCAN_QR_CODE':
      // sometimes let a QR or two rotate first
      return Math.random() < 0.7 ? 'scan' : null;
    case 'WORKING':
      return pick<Action>(['drop', 'unlink', 'logout', 'restartSession', 'stopSession', 'drop']);
    default:
      return null;
  }
}

/**
 * Drives session changes on every instance continuously, so events flow at a steady pace: the
 * phone's side (scan, unlink, drop) at the simulator, the owner's (start, stop, restart, logout)
 * through the gateways' GraphQL mutations.
 */
export function startDriver(options: DriverOptions): SessionDriver {
  const { sim, adminKey } = options;
  const actions: Record<string, number> = {};
  const failed: Record<string, number> = {};
  const nextAt = new Map<string, number>();
  const busy = new Set<Promise<void>>();
  let turn = 0;
  let stopped = false;
  const bump = (counts: Record<string, number>, key: string) => {
    counts[key] = (counts[key] ?? 0) + 1;
  };

  const mutate = async (field: Action, id: string) => {
    const urls = options.liveUrls();
    const url = urls[turn++ % Math.max(1, urls.length)];
    if (!url) {
      return false;
    }
    const result = await gql(
      url,
      adminKey,
      `mutation($id: ID!) { ${field}(instanceId: $id) { status } }`,
      {
        id,
      },
    );
    return result.status === 200 && !result.errors?.length;
  };

  const act = async (action: Action, id: string) => {
    bump(actions, action);
    let ok: boolean;
    try {
      if (action === 'scan' || action === 'unlink' || action === 'drop') {
        const answer =
          action === 'scan'
            ? await sim.scan(id, { pushName: 'Soak' })
            : action === 'unlink'
              ? await sim.unlink(id)
              : await sim.drop(id);
        ok = answer.status === 200;
      } else {
        ok = await mutate(action, id);
      }
    } catch {
      ok = false;
    }
    if (!ok) {
      bump(failed, action);
    }
  };

  const track = (work: Promise<void>) => {
    busy.add(work);
    void work.finally(() => busy.delete(work));
  };

  const tick = async () => {
    const now = Date.now();
    const instances = await sim.instances().catch(() => []);
    for (const instance of instances) {
      const id = instance.instance_id;
      if (stopped || !options.instanceIds.includes(id) || (nextAt.get(id) ?? 0) > now) {
        continue;
      }
      const [least, most] = options.stepMs;
      nextAt.set(id, now + least + Math.random() * (most - least));
      const action = choose(instance.status);
      if (action) {
        track(act(action, id));
      }
    }
  };

  let ticking: Promise<void> = Promise.resolve();
  const timer = setInterval(() => {
    ticking = ticking.then(tick);
  }, TICK_MS);

  return {
    async stop() {
      stopped = true;
      clearInterval(timer);
      await ticking;
      await Promise.allSettled([...busy]);
    },
    async settle(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const instances = (await sim.instances()).filter((i) =>
          options.instanceIds.includes(i.instance_id),
        );
        const scanning = instances.filter((i) => i.status === 'SCAN_QR_CODE');
        await Promise.allSettled(
          scanning.map((i) => sim.scan(i.instance_id, { pushName: 'Soak' })),
        );
        if (scanning.length === 0 && instances.every((i) => STABLE.has(i.status))) {
          return new Map(instances.map((i) => [i.instance_id, i.status]));
        }
        if (Date.now() > deadline) {
          throw new Error(
            `not settled within ${timeoutMs} ms: ${instances.map((i) => i.status).join(', ')}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    counts: () => ({ actions: { ...actions }, failed: { ...failed } }),
  };
}
