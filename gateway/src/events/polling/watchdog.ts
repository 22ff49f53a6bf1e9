import type { SessionEvent, SessionState } from '@wawp-gateway/schema';
import type { EventHub } from '../hub';
import { fromRead, type Intents } from '../ingest';
import type { EventsLogger, EventsSessions } from '../types';

/** The event the watchdog appends when it restarts a stuck session: STARTING, still STARTING. */
const WATCHDOG_RESTART = {
  kind: 'SessionStatusChanged',
  status: 'STARTING',
  previousStatus: 'STARTING',
} as const;

/** Whether an event of the log is the watchdog's restart of a session stuck in STARTING. */
export function isWatchdogRestart(event: SessionEvent): boolean {
  return (
    event.kind === 'SessionStatusChanged' &&
    event.source === 'GATEWAY' &&
    event.status === WATCHDOG_RESTART.status &&
    event.previousStatus === WATCHDOG_RESTART.previousStatus
  );
}

/** Options of {@link createWatchdog}. */
export interface WatchdogOptions {
  instanceId: string;
  /** How long STARTING may last before the restart; 0 = never. */
  ms: number;
  sessions: Pick<EventsSessions, 'act'>;
  hub: Pick<EventHub, 'observe' | 'announce'>;
  intents: Pick<Intents, 'note'>;
  logger: EventsLogger;
  now: () => number;
}

/**
 * Wawp's lifecycle advice: a session STARTING for longer than `ms` is restarted by the gateway,
 * once per stretch of STARTING (re-armed when the session leaves it).
 * @see https://api.wawp.net/en/docs/v2/lifecycle-overview
 */
export function createWatchdog(options: WatchdogOptions) {
  const { instanceId, sessions, hub, intents, logger, now } = options;
  let since: number | null = null;
  let fired = false;

  return {
    /** Looks at a fresh poll; restarts the session when it has been STARTING too long. */
    async check(state: SessionState): Promise<void> {
      if (state.status !== 'STARTING') {
        since = null;
        fired = false;
        return;
      }
      since ??= now();
      if (options.ms <= 0 || fired || now() - since < options.ms) {
        return;
      }
      fired = true;
      logger.warn(
        { instanceId, startingForMs: now() - since },
        'events: session stuck in STARTING; the watchdog restarts it once',
      );
      // Said before the restart, so the log records a stuck session even when the restart fails;
      // and a restarted STARTING session stays STARTING: no status diff would say it.
      await hub.announce(instanceId, WATCHDOG_RESTART, 'GATEWAY');
      intents.note(instanceId, 'restart');
      const after = await sessions.act(instanceId, 'restart');
      void hub.observe(fromRead(after), 'GATEWAY');
    },
  };
}
