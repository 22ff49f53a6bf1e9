import { createMemo, createSignal, Show } from 'solid-js';
import { BulkBar } from '../components/BulkBar';
import { BulkResults } from '../components/BulkResults';
import { FleetFilters } from '../components/FleetFilters';
import { FleetTable } from '../components/FleetTable';
import { FleetTotals } from '../components/FleetTotals';
import {
  InstanceAdminForms,
  type InstanceFieldErrors,
  type NewInstance,
} from '../components/InstanceAdminForms';
import { createAdminActions, createTenantsList } from '../lib/admin';
import { createBulkRunner } from '../lib/bulk';
import { createSessionCommands } from '../lib/commands';
import { describeError } from '../lib/errors';
import { createFleet } from '../lib/fleet';
import { filterFleetRows } from '../lib/fleetRows';
import { instanceFieldError } from '../lib/instanceFieldErrors';
import { createViewer } from '../lib/viewer';

/** The fleet: live table, search and filter, bulk actions with per-row results, admin forms. */
export function InstancesScreen() {
  const fleet = createFleet();
  const viewer = createViewer();
  const tenants = createTenantsList(viewer.isAdmin);
  const admin = createAdminActions();
  const session = createSessionCommands();
  const bulk = createBulkRunner(session.run);
  const [search, setSearch] = createSignal('');
  const [status, setStatus] = createSignal('');
  const [selected, setSelected] = createSignal<ReadonlySet<string>>(new Set());
  const [adminNote, setAdminNote] = createSignal<string | null>(null);
  const [fieldErrors, setFieldErrors] = createSignal<InstanceFieldErrors>({});
  const rows = createMemo(() =>
    filterFleetRows(fleet.rows(), { search: search(), status: status() }),
  );
  const nameOf = (id: string) => fleet.rows().find((row) => row.instanceId === id)?.label || id;

  const toggle = (id: string) =>
    setSelected((prev) => {
      const next = new Set(prev);
      next.has(id) ? next.delete(id) : next.add(id);
      return next;
    });
  const toggleAll = (select: boolean) =>
    setSelected(select ? new Set(rows().map((row) => row.instanceId)) : new Set<string>());
  const add = async (input: NewInstance) => {
    const [label, tenantId] = [input.label.trim() || null, input.tenantId || null];
    // blank is left out: registering an instance again keeps the ref it has
    const externalRef = input.externalRef.trim() || undefined;
    setFieldErrors({});
    const result = input.instanceId
      ? await admin.registerInstance(input.instanceId, label, tenantId, externalRef)
      : await admin.createInstance(label, tenantId, externalRef);
    const fieldError = instanceFieldError(result);
    if (fieldError) {
      setFieldErrors({ [fieldError.field]: fieldError.message });
    }
    setAdminNote(
      result.ok
        ? `Instance ${result.data.instanceId} added.`
        : fieldError
          ? 'Not added: see the field marked above.'
          : result.message,
    );
  };

  return (
    <div class="page">
      <header class="page-head">
        <h1>Instances</h1>
      </header>
      <Show when={viewer.isAdmin()}>
        <InstanceAdminForms
          tenants={tenants.tenants()}
          busy={admin.busy()}
          message={adminNote()}
          errors={fieldErrors()}
          onSubmit={add}
        />
      </Show>
      <FleetFilters
        search={search()}
        status={status()}
        shown={rows().length}
        total={fleet.rows().length}
        onSearch={setSearch}
        onStatus={setStatus}
      />
      <BulkBar
        count={selected().size}
        busy={bulk.busy()}
        onAction={(action) => void bulk.start(action, [...selected()])}
        onClear={() => setSelected(new Set<string>())}
      />
      <BulkResults runner={bulk} nameOf={nameOf} />
      <Show when={fleet.error()}>
        <p class="error" role="alert">
          {describeError(fleet.error())}
        </p>
      </Show>
      <FleetTotals rows={fleet.rows()} />
      <FleetTable
        tenantName={(id) => tenants.tenants().find((tenant) => tenant.id === id)?.name}
        rows={rows()}
        selected={selected()}
        loading={fleet.loading()}
        onToggle={toggle}
        onToggleAll={toggleAll}
      />
    </div>
  );
}
