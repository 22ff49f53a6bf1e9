/**
 * @private The statements of the poll leases (`poll_leases`, migration 0004), run on the lock
 * session. Every time comparison uses the database clock, so replicas' clocks need not agree.
 */

/** `$1` namespace, `$2` instance id: whether the session now holds the instance's advisory lock. */
export const TRY_LOCK = 'select pg_try_advisory_lock($1::int4, hashtext($2)) as got';

/** `$1` namespace, `$2` text[] instance ids: the same for several, one row each. */
export const TRY_LOCKS = `select id as instance_id, pg_try_advisory_lock($1::int4, hashtext(id)) as got
  from unnest($2::text[]) as id`;

/** `$1` namespace, `$2` instance id. */
export const UNLOCK = 'select pg_advisory_unlock($1::int4, hashtext($2)) as ok';

/**
 * `$1` instance id, `$2` owner, `$3` whether the owner holds the advisory lock, `$4` expiry (ms).
 * Takes the lease when it is free, expired, already the owner's, or its holder's advisory lock
 * is gone (the caller got it, and the row says the holder had it: the holder's connection died).
 * Returns the new epoch, or no row when the lease is someone else's.
 */
export const ACQUIRE = `insert into poll_leases as l (instance_id, owner, epoch, locked, expires_at)
  values ($1, $2, 1, $3, now() + $4::int4 * interval '1 millisecond')
  on conflict (instance_id) do update
    set owner = excluded.owner, epoch = l.epoch + 1, locked = excluded.locked, wanted_by = null,
        acquired_at = now(), expires_at = excluded.expires_at
    where l.expires_at <= now() or l.owner = excluded.owner or (excluded.locked and l.locked)
  returning epoch::text as epoch`;

/**
 * `$1` owner, then parallel arrays: `$2` instance ids, `$3` epochs, `$4` locked, `$5` expiries
 * (ms). The fencing renewal: only rows still at the owner's epoch are extended; the ids returned
 * are the leases kept, any other was lost.
 */
export const RENEW = `update poll_leases as l
    set expires_at = now() + h.expiry_ms * interval '1 millisecond', locked = h.locked
  from unnest($2::text[], $3::int8[], $4::bool[], $5::int4[]) as h(instance_id, epoch, locked, expiry_ms)
  where l.instance_id = h.instance_id and l.owner = $1 and l.epoch = h.epoch
  returning l.instance_id`;

/** `$1` instance id, `$2` owner, `$3` epoch: frees the lease at once, if still the owner's. */
export const RELEASE =
  'delete from poll_leases where instance_id = $1 and owner = $2 and epoch = $3';

/** `$1` owner: this store is alive now (`gateway_replicas`, migration 0010). */
export const BEAT = `insert into gateway_replicas as r (owner, seen_at) values ($1, now())
  on conflict (owner) do update set seen_at = now()`;

/** `$1` owner: this store leaves (shutdown); the others stop counting it at once. */
export const LEAVE = 'delete from gateway_replicas where owner = $1';

/** `$1` ms: forgets stores not seen for that long (crashed long ago). */
export const FORGET_GONE = `delete from gateway_replicas
  where seen_at < now() - $1::int4 * interval '1 millisecond'`;

/** `$1` ms: the stores seen within that time, each with the unexpired leases it holds. */
export const LIVE_COUNTS = `select r.owner, count(l.instance_id)::int4 as leases
  from gateway_replicas r
  left join poll_leases l on l.owner = r.owner and l.expires_at > now()
  where r.seen_at > now() - $1::int4 * interval '1 millisecond'
  group by r.owner`;

/**
 * `$1` asker, `$2` text[] owners it asks this round: withdraws its requests of any other owner.
 * With `$3` true, withdraws them all.
 */
export const WITHDRAW = `update poll_leases set wanted_by = null
  where wanted_by = $1 and ($3::bool or not (owner = any($2::text[])))`;

/**
 * `$1` asker, `$2` owner asked, `$3` text[] instance ids the asker would poll, `$4` how many,
 * `$5` ms within which a store counts as alive. Keeps up to `$4` requests of that owner's leases
 * among those ids (those already made first, so a giver's round sees them stay), takes over
 * requests of stores no longer alive, skips rows another asker is marking, withdraws the rest.
 */
export const ASK = `with chosen as (
    select l.instance_id from poll_leases l
    where l.owner = $2 and l.instance_id = any($3::text[]) and l.expires_at > now()
      and (l.wanted_by is null or l.wanted_by = $1 or not exists (
        select 1 from gateway_replicas r
        where r.owner = l.wanted_by and r.seen_at > now() - $5::int4 * interval '1 millisecond'))
    order by l.wanted_by is not distinct from $1 desc, l.instance_id
    limit $4
    for update skip locked)
  update poll_leases as p
    set wanted_by = case when p.instance_id in (select instance_id from chosen) then $1 end
  where p.instance_id in (select instance_id from chosen) or (p.owner = $2 and p.wanted_by = $1)`;

/** `$1` owner: the requests for leases it holds, oldest instance id first. */
export const REQUESTS = `select instance_id, wanted_by from poll_leases
  where owner = $1 and wanted_by is not null and wanted_by <> $1
  order by instance_id`;

/**
 * `$1` owner, then parallel arrays: `$2` instance ids, `$3` epochs, `$4` askers, `$5` expiries
 * (ms). Hands each lease to its asker if it is still the owner's at that epoch and still asked
 * for by that store: a new epoch fences the old owner; `locked` is false until the asker
 * acquires it with its own advisory lock. Returns the ids handed over.
 */
export const HAND_OVER = `update poll_leases as l
    set owner = h.wanted_by, epoch = l.epoch + 1, locked = false, wanted_by = null,
        acquired_at = now(), expires_at = now() + h.expiry_ms * interval '1 millisecond'
  from unnest($2::text[], $3::int8[], $4::text[], $5::int4[]) as h(instance_id, epoch, wanted_by, expiry_ms)
  where l.instance_id = h.instance_id and l.owner = $1 and l.epoch = h.epoch
    and l.wanted_by = h.wanted_by
  returning l.instance_id`;

/**
 * `$1` owner, `$2` text[] instance ids it holds or would poll: frees its leases outside them
 * (handed to it after it stopped wanting them), so that a store that does want them can poll.
 */
export const RELEASE_UNWANTED = `delete from poll_leases
  where owner = $1 and not (instance_id = any($2::text[]))`;
