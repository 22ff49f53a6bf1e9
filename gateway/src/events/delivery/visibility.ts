import { canSee, type DirectoryPort, type Viewer } from '@wawp-gateway/schema';

/** Options of {@link createVisibility}. */
export interface VisibilityOptions {
  directory: Pick<DirectoryPort, 'getInstances'>;
  /**
   * How long an instance's tenant assignment is trusted. The default re-reads it for every
   * dispatched batch (one query per batch, not per event), so a reassigned instance's next event
   * never reaches its old tenant, on any replica. @default 0
   */
  ttlMs?: number;
  now?: () => number;
}

interface Entry {
  /** `null` when the instance is not registered. */
  record: { tenantId: string | null } | null;
  at: number;
}

/**
 * Which tenant each instance belongs to, re-read before each batch because assignments change. `refresh` is
 * async and runs before a batch is dispatched, so the per-event check stays synchronous.
 */
export function createVisibility(options: VisibilityOptions) {
  const ttlMs = options.ttlMs ?? 0;
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();

  return {
    /** Reloads the assignments of `instanceIds` that are missing or older than the TTL. */
    async refresh(instanceIds: Iterable<string>): Promise<void> {
      const at = now();
      const stale = [...new Set(instanceIds)].filter((id) => {
        const entry = entries.get(id);
        return !entry || at - entry.at >= ttlMs;
      });
      if (stale.length === 0) {
        return;
      }
      const records = await options.directory.getInstances(stale);
      stale.forEach((id, index) => {
        const record = records[index] ?? null;
        entries.set(id, { record: record ? { tenantId: record.tenantId } : null, at });
      });
    },
    /**
     * Whether `viewer` may see `instanceId`'s events, by the schema's `canSee` rule. Fails
     * closed for an instance not refreshed yet.
     */
    canSee(viewer: Viewer, instanceId: string): boolean {
      return canSee(viewer, entries.get(instanceId)?.record ?? null);
    },
  };
}

export type Visibility = ReturnType<typeof createVisibility>;
