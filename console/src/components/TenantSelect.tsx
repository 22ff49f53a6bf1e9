import { type Component, For } from 'solid-js';

/** A tenant picker whose empty option means "unassigned". */
export const TenantSelect: Component<{
  id: string;
  tenants: readonly { id: string; name: string }[];
  value: string;
  onChange: (tenantId: string) => void;
}> = (props) => (
  <select id={props.id} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
    <option value="">Unassigned</option>
    <For each={props.tenants}>{(tenant) => <option value={tenant.id}>{tenant.name}</option>}</For>
  </select>
);
