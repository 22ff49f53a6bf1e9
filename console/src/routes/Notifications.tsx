import { A, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createSignal, For, Show } from 'solid-js';
import { NotificationEndpointCard } from '../components/NotificationEndpointCard';
import { NotificationEndpointForm } from '../components/NotificationEndpointForm';
import { NotificationSecret } from '../components/NotificationSecret';
import { type Outcome, OutcomeNote } from '../components/OutcomeNote';
import { graphql } from '../gql';
import { createNotificationEndpoints, type ShownSecret } from '../lib/notifications';
import { createViewer } from '../lib/viewer';

const TenantName = graphql(`
  query TenantName($id: ID!) { tenant(id: $id) { id name } }
`);

/**
 * A tenant's outbound notifications: endpoints its backend is told about sessions at (signed,
 * Standard Webhooks), a form to add one, and per endpoint its settings, actions and delivery log.
 * A signing secret exists only in this screen's memory, shown once after create or rotate.
 */
export function NotificationsScreen() {
  const params = useParams<{ tenantId: string }>();
  const tenantId = () => params.tenantId;
  const viewer = createViewer();
  const [tenant] = createQuery({
    query: TenantName,
    variables: () => ({ id: tenantId() }),
    pause: () => !viewer.isAdmin(),
  });
  const endpoints = createNotificationEndpoints(tenantId);
  const [note, setNote] = createSignal<Outcome | null>(null);
  // the secret of an endpoint exists only here, in memory, until the page is left
  const [secret, setSecret] = createSignal<ShownSecret | null>(null);
  const title = () => tenant.data?.tenant.name ?? tenantId();

  return (
    <div class="page notifications">
      <header class="page-head">
        <div>
          <Show when={viewer.isAdmin()}>
            <A href="/tenants" class="back">
              ← Tenants &amp; keys
            </A>
          </Show>
          <h1>Notifications</h1>
          <p class="muted">
            Tenant {title()}
            <Show when={tenant.data}>
              {' '}
              · <code>{tenantId()}</code>
            </Show>
          </p>
        </div>
      </header>
      <section class="card" aria-labelledby="new-endpoint-title">
        <h2 id="new-endpoint-title">New endpoint</h2>
        <p class="hint">
          Your backend's URL, told about the tenant's sessions by signed POSTs (Standard Webhooks),
          retried for 24 h until it answers 2xx.
        </p>
        <NotificationEndpointForm
          submitLabel="Create endpoint"
          busy={endpoints.busy()}
          onSubmit={async (input) => {
            setNote(null);
            const result = await endpoints.create(input);
            if (result.ok) {
              const { endpoint, secret: value } = result.data;
              setSecret({ endpointId: endpoint.id, secret: value, rotated: false });
              setNote({ text: `Endpoint ${endpoint.url} created.`, error: false });
            }
            return result;
          }}
        />
        <OutcomeNote outcome={note()} />
        <Show when={secret()?.rotated === false ? secret() : null}>
          {(shown) => (
            <NotificationSecret
              secret={shown().secret}
              rotated={false}
              onDone={() => setSecret(null)}
            />
          )}
        </Show>
      </section>
      <Show when={endpoints.error()}>
        <p class="error" role="alert">
          {endpoints.error()}
        </p>
      </Show>
      <Show
        when={!endpoints.loading()}
        fallback={
          <p class="muted" aria-busy="true">
            Loading endpoints…
          </p>
        }
      >
        <For
          each={endpoints.endpoints()}
          fallback={<p class="muted">No endpoints yet: the tenant's backend is told nothing.</p>}
        >
          {(endpoint) => (
            <NotificationEndpointCard
              endpoint={endpoint}
              endpoints={endpoints}
              secret={secret()?.rotated && secret()?.endpointId === endpoint.id ? secret() : null}
              onSecret={(next) =>
                next ? setSecret(next) : secret()?.endpointId === endpoint.id && setSecret(null)
              }
            />
          )}
        </For>
      </Show>
    </div>
  );
}
