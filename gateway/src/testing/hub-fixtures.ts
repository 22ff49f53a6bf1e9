import type { SessionState, SessionStatus, Viewer } from '@wawp-gateway/schema';
import {
  createEventHub,
  createIntents,
  type EventHubOptions,
  type EventsLogger,
  type EventsSessions,
  fromRead,
} from '../events';
import { createStore, type Store } from '../store';

/** @private A logger that drops everything (or records warnings, for assertions). */
export function makeLogger() {
  const warnings: string[] = [];
  const logger: EventsLogger = {
    debug() {},
    info() {},
    warn: (_obj, msg) => {
      warnings.push(msg ?? '');
    },
    error: (_obj, msg) => {
      warnings.push(msg ?? '');
    },
  };
  return { logger, warnings };
}

/** @private The admin viewer. */
export const admin: Viewer = { role: 'admin' };

/** @private An observation of `instanceId` in `status`, observed now; `extra` overrides. */
export const obs = (instanceId: string, status: SessionStatus, extra = {}) => ({
  instanceId,
  status,
  observedAt: new Date(),
  ...extra,
});

/** @private A QR code of `value` (a fake image, no expiry). */
export const qr = (value: string) => ({ value, imageDataUrl: `data:${value}`, expiresAt: null });

/** @private A `SessionState` as the sessions service reports it. */
export function makeState(instanceId: string, status: SessionStatus): SessionState {
  return {
    instanceId,
    status,
    me: status === 'WORKING' ? { id: `${instanceId}@c.us`, pushName: null } : null,
    observedAt: new Date(),
    stale: false,
  };
}

/**
 * @private An in-memory store, a fake upstream (`upstream.set`) read by the hub's cold reads, and
 * a started hub over them; `intents` is the book the hub reads.
 */
export async function makeHub(overrides: Partial<EventHubOptions> = {}) {
  const store: Store = await createStore({ memory: true });
  const upstream = new Map<string, SessionStatus>();
  const polls: string[] = [];
  const sessions: Pick<EventsSessions, 'readSession'> = {
    async readSession(instanceId: string) {
      polls.push(instanceId);
      return { state: makeState(instanceId, upstream.get(instanceId) ?? 'STOPPED'), fresh: true };
    },
  };
  const intents = createIntents();
  const { logger, warnings } = makeLogger();
  const started = createEventHub({
    store,
    sessions,
    health: { healthy: () => true },
    intents,
    directory: store.directory,
    logger,
    ...overrides,
  });
  await started.start();
  return {
    store,
    hub: started,
    intents,
    /** The fake upstream's `session/info` read (counted in `polls`). */
    readSession: sessions.readSession,
    upstream,
    polls,
    warnings,
    /**
     * The webhook processor's confirmation for `instanceId`: reads the fake upstream and reports
     * the read, as the processor does.
     */
    confirm: (instanceId: string) => async () => {
      const { state } = await sessions.readSession(instanceId);
      void started.observe(fromRead(state), 'POLL');
      return state;
    },
    /** Registers an instance (optionally for a new tenant named `tenant`). */
    async register(instanceId: string, tenantId: string | null = null) {
      await store.directory.upsertInstance({ instanceId, label: null, tenantId });
    },
    async dispose() {
      await started.stop();
      await store.close();
    },
  };
}
