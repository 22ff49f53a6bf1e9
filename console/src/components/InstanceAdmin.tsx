import { type Component, createSignal, For, Show } from 'solid-js';
import { ConfirmAction } from './ConfirmAction';

/** Admin only: move the instance to another tenant, or delete it (logs out first). */
export const InstanceAdmin: Component<{
  tenantId: string | null;
  tenants: readonly { id: string; name: string }[];
  busy: boolean;
  message: string | null;
  onAssign: (tenantId: string | null) => void;
  onDelete: () => void;
}> = (props) => {
  const [choice, setChoice] = createSignal<string | null>(null);
  const selected = () => choice() ?? props.tenantId ?? '';
  return (
    <section class="card" aria-labelledby="instance-admin-title">
      <h2 id="instance-admin-title">Administration</h2>
      <form
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          props.onAssign(selected() || null);
        }}
      >
        <label for="assign-tenant">Tenant</label>
        <select
          id="assign-tenant"
          value={selected()}
          onChange={(event) => setChoice(event.currentTarget.value)}
        >
          <option value="">Unassigned</option>
          <For each={props.tenants}>
            {(tenant) => <option value={tenant.id}>{tenant.name}</option>}
          </For>
        </select>
        <button type="submit" disabled={props.busy}>
          Assign tenant
        </button>
      </form>
      <ConfirmAction
        label="Delete instance"
        question="Delete this instance? It is logged out, deleted at Wawp and forgotten. This cannot be undone."
        danger
        disabled={props.busy}
        onConfirm={props.onDelete}
      />
      <Show when={props.message}>
        <p aria-live="polite">{props.message}</p>
      </Show>
    </section>
  );
};
