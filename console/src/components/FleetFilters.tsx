import { type Component, For } from 'solid-js';

const STATUSES = ['STOPPED', 'STARTING', 'SCAN_QR_CODE', 'WORKING', 'FAILED'] as const;

/** Search box and status filter for the fleet table. */
export const FleetFilters: Component<{
  search: string;
  status: string;
  shown: number;
  total: number;
  onSearch: (value: string) => void;
  onStatus: (value: string) => void;
}> = (props) => (
  <search class="filters">
    <label>
      <span>Search</span>
      <input
        type="search"
        placeholder="Label, id, external ref, tenant or account"
        value={props.search}
        onInput={(event) => props.onSearch(event.currentTarget.value)}
      />
    </label>
    <label>
      <span>Status</span>
      <select value={props.status} onChange={(event) => props.onStatus(event.currentTarget.value)}>
        <option value="">All statuses</option>
        <For each={STATUSES}>{(status) => <option value={status}>{status}</option>}</For>
      </select>
    </label>
    <p class="muted" aria-live="polite">
      {props.shown} of {props.total} shown
    </p>
  </search>
);
