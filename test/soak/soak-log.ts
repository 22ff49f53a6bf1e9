import type pg from 'pg';

/** The log kinds of access changes: in the log, never delivered (`gateway/src/store/access-log.ts`). */
const ACCESS_KINDS = ['ApiKeyRevoked', 'InstanceAssigned'];
const PAGE = 5_000;

/** A {@link mirrorEventLog}: what the log held, kept even after the gateway prunes it. */
export interface EventLogMirror {
  /** Reads whatever was appended since the last call. */
  catchUp(): Promise<void>;
  /** The seqs of `instanceId`'s events read so far, increasing. */
  seqsOf(instanceId: string): readonly number[];
  /** The highest seq read so far (0 when none). */
  readonly lastSeq: number;
  /** Events read so far, all instances. */
  readonly total: number;
}

/**
 * Mirrors the run's event log (`session_events` of `schema`) into memory, page by page: the
 * authority on what each subscriber should have received. Seqs commit in the order they were
 * taken, so reading past the last seq read misses nothing.
 */
export function mirrorEventLog(pool: pg.Pool, schema: string): EventLogMirror {
  const byInstance = new Map<string, number[]>();
  let lastSeq = 0;
  let total = 0;
  return {
    async catchUp() {
      for (;;) {
        const { rows } = await pool.query<{ seq: string; instance_id: string }>(
          `select seq, instance_id from "${schema}".session_events
            where seq > $1 and kind <> all($2::text[]) order by seq limit ${PAGE}`,
          [lastSeq, ACCESS_KINDS],
        );
        for (const row of rows) {
          const seq = Number(row.seq);
          const list = byInstance.get(row.instance_id) ?? [];
          list.push(seq);
          byInstance.set(row.instance_id, list);
          lastSeq = seq;
          total += 1;
        }
        if (rows.length < PAGE) {
          return;
        }
      }
    },
    seqsOf: (instanceId) => byInstance.get(instanceId) ?? [],
    get lastSeq() {
      return lastSeq;
    },
    get total() {
      return total;
    },
  };
}

/** The highest seq ever taken in `schema` (`event_seq`), access changes included. */
export async function latestSeq(pool: pg.Pool, schema: string): Promise<number> {
  const { rows } = await pool.query<{ seq: string }>(
    `select seq from "${schema}".event_seq where id = 1`,
  );
  return Number(rows[0]?.seq ?? 0);
}
