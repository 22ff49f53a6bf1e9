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
    set owner = excluded.owner, epoch = l.epoch + 1, locked = excluded.locked,
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
