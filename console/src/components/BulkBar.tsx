import { type Component, For } from 'solid-js';
import { BULK_ACTION_LABELS, type BulkAction } from '../lib/bulk';
import { ConfirmAction } from './ConfirmAction';

const PLAIN: BulkAction[] = ['start', 'restart', 'stop'];

/** Actions on the selected instances; "Log out" asks first. */
export const BulkBar: Component<{
  count: number;
  busy: boolean;
  onAction: (action: BulkAction) => void;
  onClear: () => void;
}> = (props) => (
  <div class="bulk-bar" role="toolbar" aria-label="Bulk actions">
    <span aria-live="polite">{props.count} selected</span>
    <For each={PLAIN}>
      {(action) => (
        <button
          type="button"
          disabled={props.count === 0 || props.busy}
          onClick={() => props.onAction(action)}
        >
          {BULK_ACTION_LABELS[action]}
        </button>
      )}
    </For>
    <ConfirmAction
      label={BULK_ACTION_LABELS.logout}
      question={`Log out ${props.count} instance(s)? Each phone must be linked again.`}
      danger
      disabled={props.count === 0 || props.busy}
      onConfirm={() => props.onAction('logout')}
    />
    <button type="button" class="link" disabled={props.count === 0} onClick={() => props.onClear()}>
      Clear selection
    </button>
  </div>
);
