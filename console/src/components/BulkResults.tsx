import { type Component, For, Show } from 'solid-js';
import { BULK_ACTION_LABELS, type BulkRunner } from '../lib/bulk';

const STATE_TEXT = { pending: 'Working…', succeeded: 'Done', failed: 'Failed' } as const;

/** The result of the last bulk action, one line per instance, with "Retry failed". */
export const BulkResults: Component<{
  runner: BulkRunner;
  /** Display name of an instance (its label, else its id). */
  nameOf?: (instanceId: string) => string;
}> = (props) => {
  const rows = () => props.runner.run.rows;
  const failed = () => rows().filter((row) => row.state === 'failed').length;
  const done = () => rows().filter((row) => row.state === 'succeeded').length;
  const title = () => {
    const action = props.runner.run.action;
    return action ? BULK_ACTION_LABELS[action] : '';
  };
  return (
    <Show when={rows().length > 0}>
      <section class="card bulk-results" aria-labelledby="bulk-results-title">
        <header class="row">
          <h2 id="bulk-results-title">Results: {title()}</h2>
          <p class="muted" aria-live="polite">
            {done()} done, {failed()} failed
            {props.runner.busy() ? `, ${rows().length - done() - failed()} in progress` : ''}
          </p>
          <button
            type="button"
            onClick={() => props.runner.retryFailed()}
            disabled={failed() === 0 || props.runner.busy()}
          >
            Retry failed
          </button>
        </header>
        <ul class="result-list">
          <For each={rows()}>
            {(row) => (
              <li class={`result result-${row.state}`} data-instance-id={row.instanceId}>
                <span class="result-name">{props.nameOf?.(row.instanceId) ?? row.instanceId}</span>
                <span class="result-state">{STATE_TEXT[row.state]}</span>
                <span class="result-message">{row.message}</span>
              </li>
            )}
          </For>
        </ul>
      </section>
    </Show>
  );
};
