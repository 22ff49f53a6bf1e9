import { A, useNavigate, useParams } from '@solidjs/router';
import { createQuery } from '@urql/solid';
import { createSignal, Show } from 'solid-js';
import { ConnectLinkPanel } from '../components/ConnectLinkPanel';
import { InstanceAdmin } from '../components/InstanceAdmin';
import { ScreenshotPanel } from '../components/ScreenshotPanel';
import { SessionPanel } from '../components/SessionPanel';
import { StatusBadge } from '../components/StatusBadge';
import { Timeline } from '../components/Timeline';
import { graphql } from '../gql';
import { createAdminActions, createTenantsList } from '../lib/admin';
import { createConnectLinks } from '../lib/connectLinks';
import { describeError } from '../lib/errors';
import { createInstanceCommands } from '../lib/instanceCommands';
import { createScreenshot } from '../lib/screenshot';
import { createSessionEvents } from '../lib/sessionEvents';
import { EMPTY_SESSION_VIEW, type SessionView } from '../lib/sessionState';
import { createViewer } from '../lib/viewer';

const InstanceQuery = graphql(`
  query Instance($instanceId: ID!) {
    instance(instanceId: $instanceId) {
      instanceId
      label
      externalRef
      tenantId
      session { status observedAt stale me { id pushName ...AccountCard_account } }
    }
  }
`);

/**
 * One instance: the onboarding flow driven by `sessionEvents`, the engine screenshot (taken
 * again on every status change), connect links to share, timeline, admin.
 */
export function InstanceScreen() {
  const params = useParams<{ id: string }>();
  const id = () => params.id;
  const [instance] = createQuery({ query: InstanceQuery, variables: () => ({ instanceId: id() }) });
  const events = createSessionEvents(id);
  const commands = createInstanceCommands(id);
  const links = createConnectLinks(id);
  const viewer = createViewer();
  const tenants = createTenantsList(viewer.isAdmin);
  const admin = createAdminActions();
  const navigate = useNavigate();
  const [adminNote, setAdminNote] = createSignal<string | null>(null);

  // until the first event arrives, the query's answer is the state audit on open
  const view = (): SessionView => {
    const session = instance.data?.instance.session;
    return (
      events.data ??
      (session
        ? {
            ...EMPTY_SESSION_VIEW,
            status: session.status,
            me: session.me ?? null,
            stale: session.stale,
          }
        : EMPTY_SESSION_VIEW)
    );
  };
  const screenshot = createScreenshot(id, () => view().status);
  const error = () => describeError(instance.error) ?? describeError(events.error);
  const title = () => instance.data?.instance.label || id();

  return (
    <article class="page instance">
      <header class="page-head">
        <div>
          <A href="/" class="back">
            ← Instances
          </A>
          <h1>{title()}</h1>
          <p class="muted">
            <code>{id()}</code>
            <Show when={instance.data?.instance.tenantId}>
              {(tenant) => <> · tenant {tenant()}</>}
            </Show>
            <Show when={instance.data?.instance.externalRef}>
              {(ref) => (
                <>
                  {' '}
                  · external ref <code>{ref()}</code>
                </>
              )}
            </Show>
          </p>
        </div>
        <StatusBadge status={view().status} label="Session status" />
      </header>
      <Show when={error()}>
        <p class="error" role="alert">
          {error()}
        </p>
      </Show>
      <Show when={view().stale}>
        <p class="banner warn">Wawp is unreachable: this is the last known state.</p>
      </Show>
      <Show when={commands.error()}>
        <p class="error" role="alert">
          {commands.error()}
        </p>
      </Show>
      <div class="columns">
        <SessionPanel
          view={view()}
          busy={commands.busy()}
          pairing={commands.pairing}
          onCommand={(action) => void commands.run(action)}
          onRequestPairingCode={(phone) => void commands.requestPairingCode(phone)}
        />
        <ScreenshotPanel {...screenshot.state} onRefresh={() => void screenshot.refresh()} />
      </div>
      <ConnectLinkPanel links={links} />
      <Timeline entries={view().timeline} />
      <Show when={viewer.isAdmin()}>
        <InstanceAdmin
          tenantId={instance.data?.instance.tenantId ?? null}
          tenants={tenants.tenants()}
          busy={false}
          message={adminNote()}
          onAssign={async (tenantId) => {
            const result = await admin.assignInstance(id(), tenantId);
            setAdminNote(result.ok ? 'Tenant assigned.' : result.message);
          }}
          onDelete={async () => {
            const result = await admin.deleteInstance(id());
            result.ok ? navigate('/') : setAdminNote(result.message);
          }}
        />
      </Show>
    </article>
  );
}
