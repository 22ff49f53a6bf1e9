import DataLoader from 'dataloader';
import { type Kysely, sql } from 'kysely';
import type { Database } from './database';
import type { ReadClaims, StoreLogger } from './store-types';

interface Claim {
  key: string;
  holdMs: number;
}

/** Code-unit order, which is what `collate "C"` sorts by for these ASCII keys. */
const byKey = (x: { key: string }, y: { key: string }) =>
  x.key < y.key ? -1 : x.key > y.key ? 1 : 0;

interface Settle {
  key: string;
  floorMs: number;
}

/** The claims asked for in one tick, in one statement: `0` when claimed, else the wait. */
const claimAll = async (db: Kysely<Database>, owner: string, asked: readonly Claim[]) => {
  // one row per key (a statement may not update a row twice); a repeat is refused, to try again
  const first = new Map<string, Claim>();
  for (const claim of asked) {
    if (!first.has(claim.key)) {
      first.set(claim.key, claim);
    }
  }
  // every statement takes its row locks in key order, so two replicas' batches cannot deadlock
  const wanted = [...first.values()].sort(byKey);
  const { rows } = await sql<{ key: string; claimed: boolean; wait_ms: number | null }>`
    with wanted as (
      select * from unnest(${wanted.map((c) => c.key)}::text[], ${wanted.map((c) => c.holdMs)}::int4[])
        as w(key, hold_ms)
    ), claimed as (
      insert into wawp_read_claims as c (key, owner, next_at)
        select key, ${owner}, now() + hold_ms * interval '1 millisecond' from wanted
          order by key collate "C"
      on conflict (key) do update set owner = excluded.owner, next_at = excluded.next_at
        where c.next_at <= now()
      returning c.key
    )
    select w.key, k.key is not null as claimed,
        extract(epoch from (c.next_at - now())) * 1000 as wait_ms
      from wanted w
      left join claimed k on k.key = w.key
      left join wawp_read_claims c on c.key = w.key`.execute(db);
  const waits = new Map(
    rows.map((row) => [row.key, row.claimed ? 0 : Math.max(1, Number(row.wait_ms ?? 1))]),
  );
  return asked.map((claim) => (first.get(claim.key) === claim ? (waits.get(claim.key) ?? 1) : 1));
};

/** Ends this owner's claims of the keys: each key's next claim may start `floorMs` from now. */
const settleAll = async (db: Kysely<Database>, owner: string, settled: readonly Settle[]) => {
  await sql`
    with s as (
      select * from unnest(${settled.map((s) => s.key)}::text[], ${settled.map((s) => s.floorMs)}::int4[])
        as s(key, floor_ms)
    ), locked as (
      select c.key from wawp_read_claims c join s on s.key = c.key
        where c.owner = ${owner} order by c.key collate "C" for update of c
    )
    update wawp_read_claims as c
      set next_at = now() + (select max(s.floor_ms) from s where s.key = c.key) * interval '1 millisecond'
      from locked where c.key = locked.key`.execute(db);
  return settled.map(() => undefined);
};

/**
 * @private The cluster's claims of Wawp reads (`wawp_read_claims`, migration 0009), on Postgres:
 * a key may be claimed once its `next_at` has passed (the database clock, so replicas' clocks
 * need not agree). The claims and settlements asked for in one tick go out as one statement each
 * (DataLoader batching), so a poll round over many instances costs two statements, not two per
 * instance. A settlement is fire and forget: if it fails, the claim's hold runs out by itself.
 */
export function createReadClaims(
  db: Kysely<Database>,
  owner: string,
  logger: StoreLogger,
): ReadClaims {
  const stats = { claimed: 0, refused: 0 };
  const claims = new DataLoader<Claim, number>(
    async (asked) => {
      const waits = await claimAll(db, owner, asked);
      for (const wait of waits) {
        wait === 0 ? stats.claimed++ : stats.refused++;
      }
      return waits;
    },
    { cache: false },
  );
  const settlements = new DataLoader<Settle, undefined>(
    (settled) => settleAll(db, owner, settled),
    { cache: false },
  );
  return {
    claim: (key, holdMs) => claims.load({ key, holdMs: Math.ceil(holdMs) }),
    settle(key, floorMs) {
      settlements.load({ key, floorMs: Math.ceil(floorMs) }).catch((error: unknown) => {
        logger.warn({ err: String(error) }, 'store: settling a Wawp read claim failed');
      });
    },
    stats: () => ({ ...stats }),
  };
}
