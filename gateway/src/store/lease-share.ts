/**
 * @private The arithmetic of lease balancing (gateway/src/store/lease-balancer.ts). A lease moves
 * only from a store holding at least two more than the receiver: each move narrows the spread, so
 * rounds converge and two stores never trade a lease back and forth.
 */

/** Leases held per live store, by owner name. */
export type LeaseCounts = ReadonlyMap<string, number>;

/** One store's request for a lease another holds. */
export interface LeaseRequest {
  instanceId: string;
  wantedBy: string;
}

/**
 * How many leases `me` asks of each other store: one at a time from whoever holds the most,
 * while that store holds at least two more than `me`, for at most `wanted` leases (those it
 * would poll).
 */
export function leasesToAsk(counts: LeaseCounts, me: string, wanted: number): Map<string, number> {
  const others = new Map(counts);
  others.delete(me);
  let mine = counts.get(me) ?? 0;
  const ask = new Map<string, number>();
  for (let budget = wanted; budget > 0; budget -= 1) {
    let donor: string | undefined;
    let most = Number.NEGATIVE_INFINITY;
    for (const [owner, held] of others) {
      if (held > most) {
        donor = owner;
        most = held;
      }
    }
    if (donor === undefined || most - mine < 2) {
      break;
    }
    others.set(donor, most - 1);
    mine += 1;
    ask.set(donor, (ask.get(donor) ?? 0) + 1);
  }
  return ask;
}

/**
 * Which of the requests `me` grants: one at a time to the asker holding fewest, while `me`
 * still holds at least two more than it (so concurrent askers end up even, not first come first
 * served). Requests of stores not in `counts` (not alive) are never granted.
 */
export function leasesToGive(
  counts: LeaseCounts,
  me: string,
  requests: readonly LeaseRequest[],
): LeaseRequest[] {
  const pending = new Map<string, LeaseRequest[]>();
  for (const request of requests) {
    if (request.wantedBy !== me && counts.has(request.wantedBy)) {
      pending.set(request.wantedBy, [...(pending.get(request.wantedBy) ?? []), request]);
    }
  }
  const theirs = new Map(counts);
  let mine = counts.get(me) ?? 0;
  const give: LeaseRequest[] = [];
  for (;;) {
    let asker: string | undefined;
    let fewest = Number.POSITIVE_INFINITY;
    for (const [who, left] of pending) {
      const held = theirs.get(who) ?? 0;
      if (left.length > 0 && held < fewest) {
        asker = who;
        fewest = held;
      }
    }
    const request = asker === undefined ? undefined : pending.get(asker)?.shift();
    if (asker === undefined || request === undefined || mine - fewest < 2) {
      return give;
    }
    give.push(request);
    mine -= 1;
    theirs.set(asker, fewest + 1);
  }
}
