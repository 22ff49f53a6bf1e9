import { type Component, createSignal, Show } from 'solid-js';
import { TenantSelect } from './TenantSelect';

/** What the admin typed; blank strings mean "none". */
export interface NewInstance {
  /** Empty to create a new Wawp instance, else the id of an existing one to register. */
  instanceId: string;
  label: string;
  tenantId: string;
  /** The integrator's own id for the instance; blank = none (kept, when registering). */
  externalRef: string;
}

/** Problems to show beside a field, by the field's schema name. */
export type InstanceFieldErrors = Partial<Record<'label' | 'externalRef' | 'instanceId', string>>;

const FieldProblem: Component<{ id: string; text: string | undefined }> = (props) => (
  <p id={props.id} class="field-error span" aria-live="assertive">
    {props.text ?? ''}
  </p>
);

/** Admin only: create a new Wawp instance, or register one that exists, optionally for a tenant. */
export const InstanceAdminForms: Component<{
  tenants: readonly { id: string; name: string }[];
  busy: boolean;
  message: string | null;
  /** The gateway's reasons, beside the field they name (e.g. a taken external ref). */
  errors?: InstanceFieldErrors;
  onSubmit: (instance: NewInstance) => void;
}> = (props) => {
  const [form, setForm] = createSignal<NewInstance>({
    instanceId: '',
    label: '',
    tenantId: '',
    externalRef: '',
  });
  const set = (field: keyof NewInstance) => (value: string) =>
    setForm((prev) => ({ ...prev, [field]: value }));
  const error = (field: keyof InstanceFieldErrors) => props.errors?.[field];
  const invalid = (field: keyof InstanceFieldErrors) => (error(field) ? 'true' : 'false');
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
          aria-invalid={invalid('label')}
          aria-describedby="new-label-problem"
          onInput={(e) => set('label')(e.currentTarget.value)}
        />
        <FieldProblem id="new-label-problem" text={error('label')} />
        <label for="new-tenant">Tenant</label>
        <TenantSelect
          id="new-tenant"
          tenants={props.tenants}
          value={form().tenantId}
          onChange={set('tenantId')}
        />
        <label for="new-external-ref">External ref</label>
        <input
          id="new-external-ref"
          value={form().externalRef}
          maxLength={200}
          aria-invalid={invalid('externalRef')}
          aria-describedby="new-external-ref-hint new-external-ref-problem"
          onInput={(e) => set('externalRef')(e.currentTarget.value)}
        />
        <p id="new-external-ref-hint" class="hint">
          Your own id for the instance (e.g. your user's id), unique per tenant. Optional.
        </p>
        <FieldProblem id="new-external-ref-problem" text={error('externalRef')} />
        <label for="new-id">Existing instance id</label>
        <input
          id="new-id"
          value={form().instanceId}
          aria-invalid={invalid('instanceId')}
          aria-describedby="new-id-hint new-id-problem"
          onInput={(e) => set('instanceId')(e.currentTarget.value.trim())}
        />
        <p id="new-id-hint" class="hint">
          Leave empty to create a new instance at Wawp; fill in to register one that exists.
        </p>
        <FieldProblem id="new-id-problem" text={error('instanceId')} />
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
