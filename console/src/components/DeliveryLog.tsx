import { type Component, For, Show } from 'solid-js';
import type { DeliveryRow, DeliveryLog as Log } from '../lib/deliveryLog';
import { kindLabel } from '../lib/notifications';

const when = (iso: string | null | undefined) =>
  iso ? <time datetime={iso}>{new Date(iso).toLocaleString()}</time> : <span class="muted">—</span>;

/** What the endpoint last answered: its HTTP status, else why the attempt failed. */
const lastResponse = (row: DeliveryRow) => {
  if (row.lastResponseStatus != null) {
    const status = `HTTP ${row.lastResponseStatus}`;
    return row.lastError && row.lastError !== status && row.status !== 'DELIVERED'
      ? `${status} (${row.lastError})`
      : status;
  }
  return row.lastError ?? '—';
};

/** Short help per delivery status, shown as the badge's title. */
const HINTS: Record<string, string> = {
  PENDING: 'Recorded, not tried yet',
  DELIVERED: 'The endpoint answered 2xx',
  RETRYING: 'An attempt failed; it is tried again at the next attempt time',
  FAILED: 'Given up: 24 h of failures, 410 Gone, or the endpoint disabled',
};

/**
 * An endpoint's deliveries, newest first, as a table: created, kind, instance, status badge,
 * attempts, last response, next attempt, delivered, and "Redeliver" per row; "Load more" pages on
 * by cursor, "Refresh" reads them again (the log also refreshes itself while shown).
 */
export const DeliveryLog: Component<{
  log: Log;
  /** Names the table for screen readers (one log per endpoint). */
  caption: string;
  onRedeliver: (row: DeliveryRow) => void;
}> = (props) => (
  <div class="delivery-log">
    <Show when={props.log.error()}>
      <p class="error" role="alert">
        {props.log.error()}
      </p>
    </Show>
    <Show
      when={!props.log.loading()}
      fallback={
        <p class="muted" aria-busy="true">
          Loading deliveries…
        </p>
      }
    >
      <Show
        when={props.log.rows().length > 0}
        fallback={<p class="muted">No deliveries yet. "Send test" makes one.</p>}
      >
        <div class="table-wrap">
          <table class="links deliveries">
            <caption class="sr-only">{props.caption}</caption>
            <thead>
              <tr>
                <th scope="col">Created</th>
                <th scope="col">Kind</th>
                <th scope="col">Instance</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last response</th>
                <th scope="col">Next attempt</th>
                <th scope="col">Delivered</th>
                <th scope="col">
                  <span class="sr-only">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              <For each={props.log.rows()}>
                {(row) => (
                  <tr data-delivery-id={row.id}>
                    <td data-label="Created">{when(row.createdAt)}</td>
                    <td data-label="Kind">{kindLabel(row.kind)}</td>
                    <td data-label="Instance">
                      {row.instanceId ? (
                        <code>{row.instanceId}</code>
                      ) : (
                        <span class="muted">—</span>
                      )}
                    </td>
                    <td data-label="Status">
                      <span
                        class={`badge delivery-${row.status.toLowerCase()}`}
                        title={HINTS[row.status]}
                      >
                        {row.status}
                      </span>
                    </td>
                    <td data-label="Attempts">{row.attempts}</td>
                    <td data-label="Last response">{lastResponse(row)}</td>
                    <td data-label="Next attempt">{when(row.nextAttemptAt)}</td>
                    <td data-label="Delivered">{when(row.deliveredAt)}</td>
                    <td>
                      <button
                        type="button"
                        aria-label={`Redeliver ${row.id}`}
                        disabled={props.log.busy()}
                        onClick={() => props.onRedeliver(row)}
                      >
                        Redeliver
                      </button>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </div>
      </Show>
      <div class="actions">
        <Show when={props.log.hasNextPage()}>
          <button
            type="button"
            disabled={props.log.loadingMore()}
            aria-busy={props.log.loadingMore()}
            onClick={() => void props.log.loadMore()}
          >
            Load more
          </button>
        </Show>
        <button type="button" class="link" onClick={() => void props.log.refresh()}>
          Refresh
        </button>
      </div>
    </Show>
  </div>
);
