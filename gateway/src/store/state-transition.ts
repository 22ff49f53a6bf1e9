import type { SessionEvent } from '@wawp-gateway/schema';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import { appendEvent } from './event-append';
import { readStates, upsertState } from './state-rows';
import type { StateStore } from './store-types';

/** @private Where `createTransition` publishes and which advisory-lock space it locks in. */
export interface TransitionOptions {
  /** The bus channel appended events are announced on (as `EventLog.append` does). */
  channel: string;
  /** First key of `pg_advisory_xact_lock(int, int)`; must differ from the leases' namespace. */
  lockNamespace: number;
  /** Told the appended events once their transaction has committed (the Redis bus). */
  onCommitted?: (events: readonly SessionEvent[]) => void;
}

/**
 * @private `StateStore.transition`: one transaction that takes a transaction-level advisory lock
 * on `(lockNamespace, hashtext(instanceId))` — which works before the instance has a state row,
 * unlike `select … for update` — then reads the row (READ COMMITTED: a fresh snapshot after the
 * lock, so it sees the previous holder's commit), decides, upserts and appends. The counter row is
 * locked last, so appends of other instances wait only for the appends, not for `decide`.
 */
export function createTransition(
  db: Kysely<Database>,
  { channel, lockNamespace, onCommitted }: TransitionOptions,
): StateStore['transition'] {
  const transition = (instanceId: string, decide: Parameters<StateStore['transition']>[1]) =>
    db.transaction().execute(async (trx): Promise<SessionEvent[] | null> => {
      await sql`select pg_advisory_xact_lock(${lockNamespace}::int4, hashtext(${instanceId}))`.execute(
        trx,
      );
      const [stored = null] = await readStates(trx, [instanceId]);
      const decision = decide(stored);
      if (decision === null) {
        return null;
      }
      const { state, qrCode, upstreamTs, readUntil, events } = decision;
      if (state.instanceId !== instanceId) {
        throw new Error(
          `store: transition of "${instanceId}" decided a state of "${state.instanceId}"`,
        );
      }
      // Under the lock `decide` saw the newest row, so this refuses only an older `upstreamTs`
      // that `decide` itself returned; then nothing is written (the transaction holds no writes).
      if (!(await upsertState(trx, state, { qrCode, upstreamTs, readUntil }))) {
        return null;
      }
      const appended: SessionEvent[] = [];
      for (const event of events) {
        appended.push(await appendEvent(trx, channel, event));
      }
      return appended;
    });
  if (!onCommitted) {
    return transition;
  }
  return async (instanceId, decide) => {
    const appended = await transition(instanceId, decide);
    if (appended && appended.length > 0) {
      onCommitted(appended);
    }
    return appended;
  };
}
