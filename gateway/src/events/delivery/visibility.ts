import { canSee, type Viewer } from '@wawp-gateway/schema';
import type { LoggedAccessChange, StoreDirectory } from '../../store';
import { seqOf } from '../../store';

/** Options of {@link createVisibility}. */
export interface VisibilityOptions {
  directory: Pick<StoreDirectory, 'getInstances'>;
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
  record: { instanceId: string; tenantId: string | null } | null;
  /** The log position at which the current owner received the instance. */
  sinceSeq: number;
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
        entries.set(id, {
          record: record ? { instanceId: id, tenantId: record.tenantId } : null,
          sinceSeq: record?.ownerSinceSeq ?? 0,
          at,
        });
      });
    },
    /** Applies an `InstanceAssigned` from the log at once, in log order. */
    apply(change: Extract<LoggedAccessChange, { kind: 'InstanceAssigned' }>): void {
      entries.set(change.instanceId, {
        record: change.registered
          ? { instanceId: change.instanceId, tenantId: change.tenantId }
          : null,
        sinceSeq: seqOf(change),
        at: now(),
      });
    },
    /**
     * Whether `viewer` may see `instanceId` (by the schema's `canSee` rule), and, with `seq`,
     * that event of it: a tenant sees only what was appended after it received the instance.
     * Fails closed for an instance not refreshed yet.
     */
    canSee(viewer: Viewer, instanceId: string, seq?: number): boolean {
      const entry = entries.get(instanceId);
      if (!canSee(viewer, entry?.record ?? null)) {
        return false;
      }
      return viewer.role === 'admin' || seq === undefined || seq > (entry?.sinceSeq ?? 0);
    },
    /** Where the current owner's history of `instanceId` starts (0 when not refreshed). */
    ownerSince: (instanceId: string): number => entries.get(instanceId)?.sinceSeq ?? 0,
  };
}

export type Visibility = ReturnType<typeof createVisibility>;
