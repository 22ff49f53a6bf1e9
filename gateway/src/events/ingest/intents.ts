import type { Intent } from '../types';

/** Options of {@link createIntents}. */
export interface IntentsOptions {
  /** How long a noted action explains the next transition. @default 30_000 // 30 s */
  ttlMs?: number;
  now?: () => number;
}

/**
 * Why the gateway itself is changing a session (logout, stop, restart): noted by whoever sends the
 * action, before it is sent, and read by ingest when the next transition arrives — from the
 * action's answer, a webhook or a poll, whichever comes first — so a logout is not mistaken for
 * a device unlinked on the phone.
 */
export function createIntents(options: IntentsOptions = {}) {
  const ttlMs = options.ttlMs ?? 30_000;
  const now = options.now ?? Date.now;
  const noted = new Map<string, { intent: Intent; until: number }>();

  return {
    /** Records that the gateway is about to log out, stop or restart `instanceId`. */
    note(instanceId: string, intent: Intent): void {
      noted.set(instanceId, { intent, until: now() + ttlMs });
    },
    /** The intent that explains `instanceId`'s next transition, if one is noted and fresh. */
    current(instanceId: string): Intent | null {
      const entry = noted.get(instanceId);
      return entry && entry.until > now() ? entry.intent : null;
    },
    /** The transition happened: the intent is spent. */
    clear(instanceId: string): void {
      noted.delete(instanceId);
    },
  };
}

export type Intents = ReturnType<typeof createIntents>;
