import type { DirectoryPort, Viewer } from '@wawp-gateway/schema';

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
  tenantId: string | null;
  registered: boolean;
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
        entries.set(id, { tenantId: record?.tenantId ?? null, registered: record !== null, at });
      });
    },
    /**
     * Whether `viewer` may see `instanceId`'s events: admins see everything, a tenant only
     * registered instances assigned to it. Fails closed for an instance not refreshed yet.
     */
    canSee(viewer: Viewer, instanceId: string): boolean {
      if (viewer.role === 'admin') {
        return true;
      }
      const entry = entries.get(instanceId);
      return entry?.registered === true && entry.tenantId === viewer.tenantId;
    },
  };
}

export type Visibility = ReturnType<typeof createVisibility>;
