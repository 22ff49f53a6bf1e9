import { A } from '@solidjs/router';
import { type Component, For, Show } from 'solid-js';
import type { FleetRow } from '../lib/fleetRows';
import { StatusBadge } from './StatusBadge';

/** The fleet: one row per instance with a live status badge and a selection checkbox. */
export const FleetTable: Component<{
  /** The tenant's display name, when the viewer can list tenants; the id otherwise. */
  tenantName?: (tenantId: string) => string | undefined;
  rows: readonly FleetRow[];
  selected: ReadonlySet<string>;
  loading: boolean;
  onToggle: (instanceId: string) => void;
  onToggleAll: (select: boolean) => void;
}> = (props) => {
  const allSelected = () =>
    props.rows.length > 0 && props.rows.every((row) => props.selected.has(row.instanceId));
  return (
    <div class="table-wrap">
      <table class="fleet" aria-busy={props.loading}>
        <caption class="sr-only">Instances</caption>
        <thead>
          <tr>
            <th scope="col">
              <input
                type="checkbox"
                aria-label="Select all shown instances"
                checked={allSelected()}
                onChange={(event) => props.onToggleAll(event.currentTarget.checked)}
              />
            </th>
            <th scope="col">Label</th>
            <th scope="col">Instance id</th>
            <th scope="col">External ref</th>
            <th scope="col">Tenant</th>
            <th scope="col">Status</th>
            <th scope="col">Account</th>
            <th scope="col">Last change</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.rows}>
            {(row) => (
              <tr data-instance-id={row.instanceId} classList={{ stale: row.stale }}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`Select ${row.label || row.instanceId}`}
                    checked={props.selected.has(row.instanceId)}
                    onChange={() => props.onToggle(row.instanceId)}
                  />
                </td>
                <th scope="row" data-label="Label">
                  <A href={`/instances/${encodeURIComponent(row.instanceId)}`}>
                    {row.label || row.instanceId}
                  </A>
                </th>
                <td data-label="Instance id">
                  <code>{row.instanceId}</code>
                </td>
                <td data-label="External ref">
                  <Show when={row.externalRef} fallback="—">
                    {(ref) => <code>{ref()}</code>}
                  </Show>
                </td>
                <td data-label="Tenant">
                  {row.tenantId ? (props.tenantName?.(row.tenantId) ?? row.tenantId) : '—'}
                </td>
                <td data-label="Status">
                  <StatusBadge
                    status={row.status}
                    label={`${row.label || row.instanceId} status`}
                  />
                </td>
                <td data-label="Account">{row.accountName ?? '—'}</td>
                <td data-label="Last change">
                  <time datetime={row.changedAt}>{new Date(row.changedAt).toLocaleString()}</time>
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={!props.loading && props.rows.length === 0}>
        <p class="muted">No instances match.</p>
      </Show>
      <Show when={props.loading}>
        <p class="muted" aria-busy="true">
          Loading instances…
        </p>
      </Show>
    </div>
  );
};
