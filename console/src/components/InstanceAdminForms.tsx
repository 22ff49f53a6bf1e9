import { type Component, createSignal, Show } from 'solid-js';
import { TenantSelect } from './TenantSelect';

/** What the admin typed; blank strings mean "none". */
export interface NewInstance {
  /** Empty to create a new Wawp instance, else the id of an existing one to register. */
  instanceId: string;
  label: string;
  tenantId: string;
}

/** Admin only: create a new Wawp instance, or register one that exists, optionally for a tenant. */
export const InstanceAdminForms: Component<{
  tenants: readonly { id: string; name: string }[];
  busy: boolean;
  message: string | null;
  onSubmit: (instance: NewInstance) => void;
}> = (props) => {
  const [form, setForm] = createSignal<NewInstance>({ instanceId: '', label: '', tenantId: '' });
  const set = (field: keyof NewInstance) => (value: string) =>
    setForm((prev) => ({ ...prev, [field]: value }));
  return (
    <details class="card admin-forms">
      <summary>Add an instance</summary>
      <form
        class="grid-form"
        onSubmit={(event) => {
          event.preventDefault();
          props.onSubmit(form());
        }}
      >
        <label for="new-label">Label</label>
        <input
          id="new-label"
          value={form().label}
          onInput={(e) => set('label')(e.currentTarget.value)}
        />
        <label for="new-tenant">Tenant</label>
        <TenantSelect
          id="new-tenant"
          tenants={props.tenants}
          value={form().tenantId}
          onChange={set('tenantId')}
        />
        <label for="new-id">Existing instance id</label>
        <input
          id="new-id"
          value={form().instanceId}
          aria-describedby="new-id-hint"
          onInput={(e) => set('instanceId')(e.currentTarget.value.trim())}
        />
        <p id="new-id-hint" class="hint">
          Leave empty to create a new instance at Wawp; fill in to register one that exists.
        </p>
        <button type="submit" class="primary" disabled={props.busy}>
          {form().instanceId ? 'Register instance' : 'Create instance'}
        </button>
      </form>
      <Show when={props.message}>
        <p aria-live="polite">{props.message}</p>
      </Show>
    </details>
  );
};
