/** Options of {@link createHealthAnnouncer}. */
export interface HealthAnnouncerOptions {
  /** Appends the `UpstreamHealthChanged` of `instanceId`. */
  announce(instanceId: string, healthy: boolean, detail: string | null): Promise<void>;
  /** Whether this replica polls `instanceId` (only the poller of an instance speaks for it). */
  polls(instanceId: string): boolean;
  /** The shortest gap between two announcements for one instance. @default 5_000 // 5 s */
  minGapMs?: number;
  now?: () => number;
}

interface Announced {
  healthy: boolean;
  at: number;
  latest: { healthy: boolean; detail: string | null };
  timer?: NodeJS.Timeout;
}

/**
 * Turns an instance's health changes into `UpstreamHealthChanged` events, at most one per
 * instance per `minGapMs`: a change inside the gap waits for its end, and is dropped if the
 * health has come back to what was last announced by then. History stays for real events.
 */
export function createHealthAnnouncer(options: HealthAnnouncerOptions) {
  const minGapMs = options.minGapMs ?? 5_000;
  const now = options.now ?? Date.now;
  const announced = new Map<string, Announced>();

  const flush = (instanceId: string, entry: Announced) => {
    entry.timer = undefined;
    const { healthy, detail } = entry.latest;
    if (healthy === entry.healthy) {
      if (healthy) {
        announced.delete(instanceId);
      }
      return;
    }
    if (!options.polls(instanceId)) {
      return;
    }
    entry.healthy = healthy;
    entry.at = now();
    void options.announce(instanceId, healthy, detail);
  };

  return {
    /** `instanceId` became healthy or not. */
    changed(instanceId: string, healthy: boolean, detail: string | null): void {
      let entry = announced.get(instanceId);
      if (!entry) {
        entry = { healthy: true, at: Number.NEGATIVE_INFINITY, latest: { healthy, detail } };
        announced.set(instanceId, entry);
      }
      entry.latest = { healthy, detail };
      if (entry.timer) {
        return;
      }
      const wait = entry.at + minGapMs - now();
      if (wait <= 0) {
        flush(instanceId, entry);
        return;
      }
      const held = entry;
      held.timer = setTimeout(() => flush(instanceId, held), wait);
      held.timer.unref();
    },
    /** Drops pending announcements. */
    stop(): void {
      for (const entry of announced.values()) {
        clearTimeout(entry.timer);
      }
      announced.clear();
    },
  };
}

export type HealthAnnouncer = ReturnType<typeof createHealthAnnouncer>;
