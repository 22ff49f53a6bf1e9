import { type Component, createMemo, Show } from 'solid-js';
import type { SessionStatus } from '../gql/graphql';
import { countByStatus, formatTotals } from '../lib/fleetTotals';

/**
 * The whole fleet's count per status ("3 WORKING · 1 SCAN_QR_CODE · 2 STOPPED"), following the
 * live rows it is given. Not a live region: in a busy fleet it would speak on every change.
 */
export const FleetTotals: Component<{ rows: readonly { status: SessionStatus }[] }> = (props) => {
  const line = createMemo(() => formatTotals(countByStatus(props.rows)));
  return (
    <Show when={line()}>
      <p class="fleet-totals">
        <span class="sr-only">Instances by status: </span>
        {line()}
      </p>
    </Show>
  );
};
