import type pg from 'pg';
import { sleep } from '../utils/wait';
import type { SessionDriver } from './soak-driver';
import type { FaultInjector } from './soak-faults';
import { type EventLogMirror, latestSeq } from './soak-log';
import type { ProgressMessage } from './soak-protocol';

/** What {@link settle} works with. */
export interface SettleOptions {
  driver: SessionDriver;
  faults: FaultInjector;
  /** The clients' progress, asked for now. */
  ask(): Promise<ProgressMessage>;
  /** Subscriber i watches `instanceIds[i % instanceIds.length]`. */
  instanceIds: readonly string[];
  db: { pool: pg.Pool; schema: string };
  mirror: EventLogMirror;
}

/** Where the run came to rest. */
export interface Settled {
  /** The simulator's status of each instance at rest (null: it did not come to rest). */
  statuses: Map<string, string> | null;
  /** The log position after which the check stops looking. */
  cut: number;
  failures: string[];
}

/**
 * Ends the load and lets things settle: no more actions or faults, every session brought to
 * rest at the simulator, then (bounded) until every subscriber knows the simulator's status,
 * and until every subscriber has received its instance's last event up to the cut.
 */
export async function settle(o: SettleOptions): Promise<Settled> {
  const failures: string[] = [];
  await o.driver.stop();
  await o.faults.stop();
  // delayed and held webhooks still on their way
  await sleep(3_000);
  const statuses = await o.driver.settle(30_000).catch((error: Error) => {
    failures.push(error.message);
    return null;
  });
  const instanceOf = (i: number) => o.instanceIds[i % o.instanceIds.length] as string;
  let progress = await o.ask();
  if (statuses) {
    const deadline = performance.now() + 60_000;
    const disagree = () => progress.statuses.some((s, i) => s !== statuses.get(instanceOf(i)));
    while (disagree() && performance.now() < deadline) {
      await sleep(1_000);
      progress = await o.ask();
    }
  }
  const cut = await latestSeq(o.db.pool, o.db.schema);
  await o.mirror.catchUp();
  const lastLogged = (i: number) =>
    o.mirror
      .seqsOf(instanceOf(i))
      .filter((seq) => seq <= cut)
      .at(-1) ?? -1;
  const deadline = performance.now() + 20_000;
  while (
    progress.lastCursors.some((cursor, i) => cursor < lastLogged(i)) &&
    performance.now() < deadline
  ) {
    await sleep(500);
    progress = await o.ask();
  }
  return { statuses, cut, failures };
}
