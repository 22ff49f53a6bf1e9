import { createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { type Outcome, OutcomeNote } from '../components/OutcomeNote';
import { TenantCard } from '../components/TenantCard';
import { AssignInstanceForm, CreateTenantForm } from '../components/TenantForms';
import { graphql } from '../gql';
import { createAdminActions, createTenantsList } from '../lib/admin';
import type { CommandResult } from '../lib/createCommand';
import { createBrandingSaver } from '../lib/tenantBranding';
import { createViewer } from '../lib/viewer';

const AssignableInstances = graphql(`
  query AssignableInstances { instances { instanceId label tenantId } }
`);

/** Admin: tenants, their instances, API keys (issued once, revocable) and connect-page branding. */
export function TenantsScreen() {
  const viewer = createViewer();
  const list = createTenantsList(viewer.isAdmin);
  const [instances] = createQuery({
    query: AssignableInstances,
    pause: () => !viewer.isAdmin(),
    context: { additionalTypenames: ['Instance'] },
  });
  const admin = createAdminActions();
  const branding = createBrandingSaver();
  const [note, setNote] = createSignal<Outcome | null>(null);
  // the secret of a key exists only here, in memory, until the page is left
  const [issued, setIssued] = createSignal<{ tenantId: string; key: string } | null>(null);

  const act = async <T,>(call: Promise<CommandResult<T>>, done: (data: T) => string) => {
    const result = await call;
    setNote(
      result.ok ? { text: done(result.data), error: false } : { text: result.message, error: true },
    );
    return result;
  };

  return (
    <div class="page">
      <header class="page-head">
        <h1>Tenants &amp; keys</h1>
      </header>
      <Show
        when={viewer.isAdmin()}
        fallback={
          <p class="muted">
            {viewer.loading() ? 'Loading…' : 'Only the admin key can manage tenants.'}
          </p>
        }
      >
        <section class="card" aria-label="New tenant and assignment">
          <CreateTenantForm
            busy={admin.busy()}
            onCreate={(name) => act(admin.createTenant(name), (t) => `Tenant ${t.name} created.`)}
          />
          <AssignInstanceForm
            instances={instances.data?.instances ?? []}
            tenants={list.tenants()}
            busy={admin.busy()}
            onAssign={(instanceId, tenantId) =>
              act(
                admin.assignInstance(instanceId, tenantId),
                (i) => `Instance ${i.instanceId} assigned.`,
              )
            }
          />
        </section>
        <OutcomeNote outcome={note()} />
        <Show when={list.error()}>
          <p class="error" role="alert">
            {list.error()}
          </p>
        </Show>
        <Show
          when={!list.loading()}
          fallback={
            <p class="muted" aria-busy="true">
              Loading tenants…
            </p>
          }
        >
          <For each={list.tenants()} fallback={<p class="muted">No tenants yet.</p>}>
            {(tenant) => (
              <TenantCard
                tenant={tenant}
                busy={admin.busy()}
                issuedKey={issued()?.tenantId === tenant.id ? (issued()?.key ?? null) : null}
                onIssueKey={async () => {
                  const result = await act(
                    admin.issueApiKey(tenant.id),
                    (k) => `Key ${k.prefix}… issued.`,
                  );
                  setIssued(result.ok ? { tenantId: tenant.id, key: result.data.key } : null);
                }}
                brandingBusy={branding.busy()}
                onSaveBranding={(input) => branding.save(tenant.id, input)}
                onRevoke={(keyId) =>
                  act(admin.revokeApiKey(keyId), (ok) =>
                    ok ? 'Key revoked.' : 'Key was already revoked.',
                  )
                }
              />
            )}
          </For>
        </Show>
      </Show>
    </div>
  );
}
