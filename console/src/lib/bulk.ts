import { createStore, produce } from 'solid-js/store';
import type { CommandResult } from './createCommand';

/** The session operations the fleet can run on many instances at once. */
export type BulkAction = 'start' | 'restart' | 'stop' | 'logout';

export const BULK_ACTION_LABELS: Record<BulkAction, string> = {
  start: 'Start',
  restart: 'Restart',
  stop: 'Stop',
  logout: 'Log out',
};

/** One instance's outcome; `message` is the status reached, or why it failed. */
export interface BulkRow {
  instanceId: string;
  state: 'pending' | 'succeeded' | 'failed';
  message: string;
}

/**
 * Runs one action for one instance, e.g. `createSessionCommands().run`. Its data is a short
 * success note (e.g. the new status); its message says why it failed.
 */
export type BulkPerform = (
  action: BulkAction,
  instanceId: string,
) => Promise<CommandResult<string>>;

/** @default 4 calls in flight, so a large selection does not stampede the gateway */
const CONCURRENCY = 4;

/**
 * Bulk runs with a result per row. `retryFailed()` re-runs the last action for the failed rows
 * only, leaving the others as they were.
 */
export function createBulkRunner(perform: BulkPerform) {
  const [run, setRun] = createStore<{ action: BulkAction | null; rows: BulkRow[] }>({
    action: null,
    rows: [],
  });

  async function execute(action: BulkAction, ids: readonly string[]) {
    const queue = [...ids];
    const settle = (instanceId: string, state: BulkRow['state'], message: string) =>
      setRun(
        'rows',
        (row) => row.instanceId === instanceId,
        produce((row) => Object.assign(row, { state, message })),
      );
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        try {
          const result = await perform(action, id);
          if (result.ok) {
            settle(id, 'succeeded', result.data);
          } else {
            settle(id, 'failed', result.message);
          }
        } catch (error) {
          // commands never reject; this keeps a bug from leaving the row pending for good
          settle(id, 'failed', error instanceof Error ? error.message : String(error));
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  }

  return {
    run,
    busy: () => run.rows.some((row) => row.state === 'pending'),
    start(action: BulkAction, ids: readonly string[]) {
      setRun({
        action,
        rows: ids.map((instanceId) => ({ instanceId, state: 'pending', message: '' })),
      });
      return execute(action, ids);
    },
    retryFailed() {
      const action = run.action;
      const failed = run.rows.filter((row) => row.state === 'failed').map((row) => row.instanceId);
      if (action === null || failed.length === 0) {
        return Promise.resolve();
      }
      setRun(
        'rows',
        (row) => row.state === 'failed',
        produce((row) => Object.assign(row, { state: 'pending', message: '' })),
      );
      return execute(action, failed);
    },
  };
}

export type BulkRunner = ReturnType<typeof createBulkRunner>;
