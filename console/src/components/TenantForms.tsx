import { type Component, createSignal, For } from 'solid-js';
import { TenantSelect } from './TenantSelect';

/** Create a tenant by name. */
export const CreateTenantForm: Component<{ busy: boolean; onCreate: (name: string) => void }> = (
  props,
) => {
  const [name, setName] = createSignal('');
  return (
    <form
      class="row"
      onSubmit={(event) => {
        event.preventDefault();
        if (name().trim()) {
          props.onCreate(name().trim());
          setName('');
        }
      }}
    >
      <label for="tenant-name">Tenant name</label>
      <input
        id="tenant-name"
        required
        maxLength={80}
        value={name()}
        onInput={(e) => setName(e.currentTarget.value)}
      />
      <button type="submit" class="primary" disabled={props.busy}>
        Create tenant
      </button>
    </form>
  );
};

/** Give an instance to a tenant (or unassign it). */
export const AssignInstanceForm: Component<{
  instances: readonly { instanceId: string; label?: string | null }[];
  tenants: readonly { id: string; name: string }[];
  busy: boolean;
  onAssign: (instanceId: string, tenantId: string | null) => void;
}> = (props) => {
  const [instanceId, setInstanceId] = createSignal('');
  const [tenantId, setTenantId] = createSignal('');
  return (
    <form
      class="row"
      onSubmit={(event) => {
        event.preventDefault();
        if (instanceId()) {
          props.onAssign(instanceId(), tenantId() || null);
        }
      }}
    >
      <label for="assign-instance">Instance</label>
      <select
        id="assign-instance"
        required
        value={instanceId()}
        onChange={(e) => setInstanceId(e.currentTarget.value)}
      >
        <option value="">Choose…</option>
        <For each={props.instances}>
          {(item) => <option value={item.instanceId}>{item.label || item.instanceId}</option>}
        </For>
      </select>
      <label for="assign-to">Tenant</label>
      <TenantSelect
        id="assign-to"
        tenants={props.tenants}
        value={tenantId()}
        onChange={setTenantId}
      />
      <button type="submit" disabled={props.busy}>
        Assign
      </button>
    </form>
  );
};
