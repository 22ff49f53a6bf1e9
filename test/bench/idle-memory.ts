import type { MemoryServer } from './memory-servers';
import { sampleRssMiB } from './process-rss';
import type { HeldMessage } from './subscribe-protocol';
import { type HeldSubscribers, holdSubscribers } from './subscribers';

/** How one idle-memory reading is taken. */
export interface IdleMemoryPlan {
  /** Idle subscriptions held while RSS is read the second time. */
  n: number;
  /** Subscriptions opened and closed first (JIT, pools, lazy setup), not in the delta. */
  warmup: number;
  /** Wait before each reading. */
  settleMs: number;
  /** RSS readings per side of the delta (the median is kept), `gapMs` apart. */
  samples: number;
  gapMs: number;
  subscribeTimeoutMs: number;
}

/** One idle-memory reading of a server process. */
export interface IdleMemory {
  beforeMiB: number;
  /** With the first half of the N held. */
  midMiB: number;
  afterMiB: number;
  /** (after − before) ÷ N, KiB: the headline figure. */
  kibPerSubscriber: number;
  /**
   * (after − mid) ÷ (N − N/2), KiB: what one more subscriber costs once some are held, without
   * the one-off growth (a young generation grown to its size, pools) the first ones bring.
   */
  marginalKib: number;
  subscribeMs: number;
  /** Frames after the snapshots while held (0 when idle means idle). */
  frames: number;
  failures: string[];
}

const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const kib = (deltaMiB: number, n: number) => Math.round(((deltaMiB * 1_024) / n) * 10) / 10;

/**
 * Warms `server` up (opens and closes `warmup` subscriptions), settles, reads its RSS (median of
 * `samples`), opens N/2 idle `sessionEvents` subscriptions from a worker thread of this process
 * (each gets its snapshot, then nothing), settles and reads, opens the other half from a second
 * worker, settles and reads again, then closes them all. The server's own memory only: the
 * subscribers' workers are in this process, not in the server's process group.
 */
export async function measureIdleMemory(
  server: MemoryServer,
  plan: IdleMemoryPlan,
): Promise<IdleMemory> {
  const subscribers = {
    url: server.url,
    authorization: server.authorization,
    instanceIds: [server.instanceId],
    subscribeTimeoutMs: plan.subscribeTimeoutMs,
  };
  const read = async () => {
    await settle(plan.settleMs);
    const value = await sampleRssMiB(server.pgid, plan.samples, plan.gapMs);
    if (value === null) {
      throw new Error(`no RSS of process group ${server.pgid}`);
    }
    return value;
  };
  if (plan.warmup > 0) {
    const warm = await holdSubscribers({ ...subscribers, subscribers: plan.warmup });
    await warm.release();
  }
  const before = await read();
  const half = Math.floor(plan.n / 2);
  const held: HeldSubscribers[] = [];
  const released: HeldMessage[] = [];
  try {
    held.push(await holdSubscribers({ ...subscribers, subscribers: half }));
    const mid = await read();
    held.push(await holdSubscribers({ ...subscribers, subscribers: plan.n - half }));
    const after = await read();
    const subscribeMs = held.reduce((sum, group) => sum + group.subscribeMs, 0);
    // one at a time off `held`: when a release fails, `finally` still ends the others
    for (let group = held.shift(); group; group = held.shift()) {
      released.push(await group.release());
    }
    return {
      beforeMiB: before,
      midMiB: mid,
      afterMiB: after,
      kibPerSubscriber: kib(after - before, plan.n),
      marginalKib: kib(after - mid, plan.n - half),
      subscribeMs,
      frames: released.reduce((sum, message) => sum + message.frames, 0),
      failures: released.flatMap((message) => message.failures),
    };
  } finally {
    for (const group of held) {
      await group.release().catch(() => undefined);
    }
  }
}
