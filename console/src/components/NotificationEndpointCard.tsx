import { type Component, createEffect, createSignal, For, Show } from 'solid-js';
import { createDeliveryLog, type DeliveryRow } from '../lib/deliveryLog';
import { draftFromEndpoint } from '../lib/notificationDraft';
import {
  kindLabel,
  type NotificationEndpointData,
  type NotificationEndpoints,
  type ShownSecret,
} from '../lib/notifications';
import { ConfirmAction } from './ConfirmAction';
import { DeliveryLog } from './DeliveryLog';
import { NotificationEndpointForm } from './NotificationEndpointForm';
import { NotificationSecret } from './NotificationSecret';
import { type Outcome, OutcomeNote } from './OutcomeNote';

/** What the outcome of a test delivery says, once the log shows where it stands. */
function testOutcome(row: DeliveryRow): Outcome | null {
  const answer =
    row.lastResponseStatus != null ? `HTTP ${row.lastResponseStatus}` : (row.lastError ?? '');
  switch (row.status) {
    case 'DELIVERED':
      return { text: `Test delivered: the receiver answered ${answer}.`, error: false };
    case 'FAILED':
      return { text: `Test failed: ${row.lastError ?? answer}.`, error: true };
    case 'RETRYING':
      return { text: `Test not delivered yet (${answer}); the gateway retries.`, error: true };
    default:
      return null;
  }
}

/**
 * One notification endpoint: URL, note, kinds, state (with the gateway's reason when it disabled
 * it), Enable/Disable, Edit, "Send test" (which says how the test went), "Rotate secret", Delete
 * (asks first), the signing secret when it was just made or rotated, and the delivery log.
 */
export const NotificationEndpointCard: Component<{
  endpoint: NotificationEndpointData;
  endpoints: NotificationEndpoints;
  /** Its secret, just rotated: shown once, until the page is left. */
  secret: ShownSecret | null;
  /** A new secret of this endpoint to show, or null: forget the one shown for it. */
  onSecret: (secret: ShownSecret | null) => void;
}> = (props) => {
  const titleId = () => `endpoint-${props.endpoint.id}`;
  const [note, setNote] = createSignal<Outcome | null>(null);
  const [editing, setEditing] = createSignal(false);
  const [logOpen, setLogOpen] = createSignal(true);
  const [testId, setTestId] = createSignal<string | null>(null);
  const log = createDeliveryLog(() => props.endpoint.id, {
    active: logOpen,
    // a failed delivery may have made the gateway disable the endpoint: read it again
    onFailed: () => props.endpoints.reload(),
  });
  // tracks the test delivery's row (its status and answer) until it is delivered or failed
  createEffect(() => {
    const id = testId();
    const row = id ? log.rows().find((r) => r.id === id) : undefined;
    const outcome = row ? testOutcome(row) : null;
    if (outcome) {
      setNote(outcome);
      if (row?.status !== 'RETRYING') {
        setTestId(null);
      }
    }
  });
  const say = (text: string, error = false) => setNote({ text, error });
  const ep = () => props.endpoint;

  const toggle = async () => {
    setNote(null);
    const result = await props.endpoints.setEnabled(ep().id, !ep().enabled);
    if (result.ok) {
      say(result.data.enabled ? 'Endpoint enabled.' : 'Endpoint disabled: it is sent nothing.');
    } else {
      say(result.message, true);
    }
  };
  const sendTest = async () => {
    setNote(null);
    const result = await props.endpoints.sendTest(ep().id);
    if (!result.ok) {
      say(result.message, true);
      return;
    }
    setTestId(result.data.id);
    say(`Test notification queued (${kindLabel(result.data.kind)}); it appears in the log.`);
    setLogOpen(true);
    await log.refresh();
  };
  const rotate = async () => {
    setNote(null);
    const result = await props.endpoints.rotate(ep().id);
    if (result.ok) {
      props.onSecret({ endpointId: ep().id, secret: result.data.secret, rotated: true });
      say('New signing secret made.');
    } else {
      say(result.message, true);
    }
  };
  const remove = async () => {
    setNote(null);
    const result = await props.endpoints.remove(ep().id);
    if (result.ok) {
      props.onSecret(null);
    } else {
      say(result.message, true);
    }
  };
  const redeliver = async (row: DeliveryRow) => {
    const result = await log.redeliver(row.id);
    say(result.ok ? 'Delivery queued again.' : result.message, !result.ok);
  };

  return (
    <article class="card endpoint" aria-labelledby={titleId()} data-endpoint-id={ep().id}>
      <header class="row">
        <h2 id={titleId()}>
          <code>{ep().url}</code>
        </h2>
        <span class={`badge ${ep().enabled ? 'endpoint-on' : 'endpoint-off'}`}>
          {ep().enabled ? 'Enabled' : 'Disabled'}
        </span>
      </header>
      <Show when={ep().description}>
        <p>{ep().description}</p>
      </Show>
      <Show when={ep().disabledReason}>
        {(reason) => (
          <p class="banner warn" role="alert">
            <strong>Disabled by the gateway: {reason()}.</strong> Fix the receiver, then enable it
            again.
          </p>
        )}
      </Show>
      <ul class="chips" aria-label="Kinds">
        <For each={ep().kinds}>{(kind) => <li title={kind}>{kindLabel(kind)}</li>}</For>
      </ul>
      <p class="hint">
        {ep().includeConnectLink
          ? `"Needs link" carries a connect link valid ${ep().connectLinkTtlMinutes} minutes.`
          : `"Needs link" carries no connect link.`}
      </p>
      <div class="actions">
        <button type="button" disabled={props.endpoints.busy()} onClick={() => void toggle()}>
          {ep().enabled ? 'Disable' : 'Enable'}
        </button>
        <button
          type="button"
          aria-expanded={editing()}
          disabled={editing()}
          onClick={() => setEditing(true)}
        >
          Edit
        </button>
        <button type="button" disabled={props.endpoints.busy()} onClick={() => void sendTest()}>
          Send test
        </button>
        <button type="button" disabled={props.endpoints.busy()} onClick={() => void rotate()}>
          Rotate secret
        </button>
        <ConfirmAction
          label="Delete"
          ariaLabel={`Delete endpoint ${ep().url}`}
          question={`Delete the endpoint ${ep().url} and its delivery log? It is sent nothing more; this cannot be undone.`}
          confirmLabel="Delete endpoint"
          danger
          disabled={props.endpoints.busy()}
          onConfirm={() => void remove()}
        />
      </div>
      <OutcomeNote outcome={note()} />
      <Show when={props.secret}>
        {(shown) => (
          <NotificationSecret
            secret={shown().secret}
            rotated={shown().rotated}
            onDone={() => props.onSecret(null)}
          />
        )}
      </Show>
      <Show when={editing()}>
        <h3>Edit endpoint</h3>
        <NotificationEndpointForm
          initial={draftFromEndpoint(ep())}
          submitLabel="Save endpoint"
          busy={props.endpoints.busy()}
          onCancel={() => setEditing(false)}
          onSubmit={async (input) => {
            const result = await props.endpoints.update(ep().id, input);
            if (result.ok) {
              setEditing(false);
              say('Endpoint saved.');
            }
            return result;
          }}
        />
      </Show>
      <details
        class="endpoint-log"
        open={logOpen()}
        onToggle={(event) => setLogOpen(event.currentTarget.open)}
      >
        <summary>
          <h3>Deliveries</h3>
        </summary>
        <Show when={logOpen()}>
          <DeliveryLog
            log={log}
            caption={`Deliveries to ${ep().url}`}
            onRedeliver={(row) => void redeliver(row)}
          />
        </Show>
      </details>
    </article>
  );
};
