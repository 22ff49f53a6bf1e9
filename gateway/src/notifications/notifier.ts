import type { Logger } from '../logging/logger';
import type { Outbox } from './outbox';
import type { Sender } from './sender';

/** Options of {@link createNotifier}. */
export interface NotifierOptions {
  outbox: Outbox;
  sender: Sender;
  logger: Pick<Logger, 'error'>;
  /** Pause between rounds when nothing was due. @default 500 */
  idleMs?: number;
}

/**
 * Runs the outbox and the sender on every replica, round after round: follow the log into
 * deliveries, then attempt what is due. A round that found work starts the next at once.
 */
export function createNotifier(options: NotifierOptions) {
  const idleMs = options.idleMs ?? 500;
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
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, idleMs);
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
