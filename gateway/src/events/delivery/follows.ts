/** @private Options of {@link createFollows}. */
export interface FollowsOptions {
  /** The first follower of `instanceId` (`null`: every instance) arrived. */
  onFollow(instanceId: string | null): void;
  /** The last follower of `instanceId` (`null`: every instance) left. */
  onUnfollow(instanceId: string | null): void;
}

/**
 * @private Which instances this replica wants events of, counted per follower: its local
 * subscribers (a fleet-wide stream follows every instance, `null`), the instances it polls and
 * the sessions it watches while they start. On the Redis bus only these are received.
 */
export function createFollows(options: FollowsOptions) {
  const counts = new Map<string | null, number>();
  return {
    /** Counts one follower of `instanceId` (`null`: all); the returned function (idempotent) uncounts it. */
    follow(instanceId: string | null): () => void {
      const count = counts.get(instanceId) ?? 0;
      counts.set(instanceId, count + 1);
      if (count === 0) {
        options.onFollow(instanceId);
      }
      let done = false;
      return () => {
        if (done) {
          return;
        }
        done = true;
        const left = (counts.get(instanceId) ?? 1) - 1;
        if (left > 0) {
          counts.set(instanceId, left);
          return;
        }
        counts.delete(instanceId);
        options.onUnfollow(instanceId);
      };
    },
    /** Whether `instanceId`'s events are wanted here. */
    has(instanceId: string): boolean {
      return counts.has(null) || counts.has(instanceId);
    },
  };
}

export type Follows = ReturnType<typeof createFollows>;
