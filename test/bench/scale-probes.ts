/** Readings of a replica cluster: Prometheus counters of each replica, and its Postgres schema. */
import type pg from 'pg';

/**
 * The sum over every label set of the metric `name` in the Prometheus text `text`; null when
 * the metric is not there at all.
 */
export function metricSum(text: string, name: string): number | null {
  let sum: number | null = null;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name) || (line[name.length] !== ' ' && line[name.length] !== '{')) {
      continue;
    }
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (Number.isFinite(value)) {
      sum = (sum ?? 0) + value;
    }
  }
  return sum;
}

/** `GET /metrics` of each replica (no metrics token), read together. */
export async function scrapeAll(urls: string[]): Promise<string[]> {
  return Promise.all(
    urls.map(async (url) => {
      const response = await fetch(new URL('/metrics', url), {
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) {
        throw new Error(`${url}/metrics answered ${response.status}`);
      }
      return response.text();
    }),
  );
}

/** What the schema's event log says now. */
export interface LogReading {
  /** The highest `seq` of `session_events` (0 when empty). */
  maxSeq: number;
  /**
   * Rows of `session_events` read by any backend so far (`pg_stat_user_tables`:
   * `seq_tup_read + idx_tup_fetch`). Postgres reports them within about a second, so it is
   * approximate over a short window.
   */
  rowsFetched: number;
}

/**
 * Reads {@link LogReading} of `schema` through `pool`: the statistics first, then `max(seq)` (an
 * index-only scan of one row), so the reading adds next to nothing to the next one.
 */
export async function readLog(pool: pg.Pool, schema: string): Promise<LogReading> {
  const stats = await pool.query<{ fetched: string | null }>(
    `select coalesce(seq_tup_read, 0) + coalesce(idx_tup_fetch, 0) as fetched
       from pg_stat_user_tables where schemaname = $1 and relname = 'session_events'`,
    [schema],
  );
  const seq = await pool.query<{ max: string | null }>(
    `select max(seq) as max from "${schema}".session_events`,
  );
  return {
    maxSeq: Number(seq.rows[0]?.max ?? 0),
    rowsFetched: Number(stats.rows[0]?.fetched ?? 0),
  };
}

/** Events after `afterSeq`, and how many of them a webhook appended (read last: it scans them). */
export async function eventsAfter(
  pool: pg.Pool,
  schema: string,
  afterSeq: number,
): Promise<{ events: number; webhookEvents: number }> {
  const { rows } = await pool.query<{ events: string; webhooks: string }>(
    `select count(*) as events, count(*) filter (where source = 'WEBHOOK') as webhooks
       from "${schema}".session_events where seq > $1`,
    [afterSeq],
  );
  return { events: Number(rows[0]?.events ?? 0), webhookEvents: Number(rows[0]?.webhooks ?? 0) };
}
