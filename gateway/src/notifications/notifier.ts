import type { Logger } from '../logging/logger';
import type { Outbox } from './outbox';
import type { Sender } from './sender';

/** Options of {@link createNotifier}. */
export interface NotifierOptions {
  outbox: Outbox;
  sender: Sender;
  logger: Pick<Logger, 'error'>;
  /**
   * Pause between rounds when nothing was due: the longest a new event, or a retry another
   * replica scheduled, waits for its round. @default 1_000
   */
  idleMs?: number;
}

/** Waking a little after a retry's time, so the database's clock finds it due. */
const RETRY_MARGIN_MS = 5;

/**
 * Runs the outbox and the sender on every replica, round after round: follow the log into
 * deliveries, then attempt what is due. A round that found work starts the next at once; an
 * idle one waits `idleMs`, or less for a retry this replica scheduled. It does not wake per
 * dispatched event: in a burst that would put a round of database reads beside every event.
 */
export function createNotifier(options: NotifierOptions) {
  const idleMs = options.idleMs ?? 1_000;
  let running: Promise<void> | null = null;
  let stopped = false;
  let wake: (() => void) | null = null;

  const round = async () => {
    const recorded = await options.outbox.step();
    const attempted = await options.sender.run();
    return recorded + attempted > 0;
  };

  const loop = async () => {
    while (!stopped) {
      const busy = await round().catch((error: unknown) => {
        options.logger.error({ err: error }, 'notifications: a round failed');
        return false;
      });
      if (!busy && !stopped) {
        // a retry this replica scheduled wakes it when due; other replicas' within idleMs
        const retryAt = options.sender.nextRetryAt();
        const pause =
          retryAt === null
            ? idleMs
            : Math.min(idleMs, Math.max(0, retryAt - Date.now() + RETRY_MARGIN_MS));
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, pause);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    }
  };

  return {
    start(): void {
      running ??= loop();
    },
    /** Finishes the round under way (its attempts included), then stops. */
    async stop(): Promise<void> {
      stopped = true;
      wake?.();
      await running;
    },
  };
}

export type Notifier = ReturnType<typeof createNotifier>;
