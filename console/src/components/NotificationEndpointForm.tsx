import { type Component, createSignal, createUniqueId, For, type JSX, Show } from 'solid-js';
import type { NotificationEndpointInput, NotificationKind } from '../gql/graphql';
import type { CommandResult } from '../lib/createCommand';
import {
  checkNotificationDraft,
  ENDPOINT_LINK_TTL,
  NEW_ENDPOINT_DRAFT,
  NOTIFICATION_FIELDS,
  type NotificationDraft,
  type NotificationErrors,
  type NotificationField,
  toEndpointInput,
} from '../lib/notificationDraft';
import { NOTIFICATION_KINDS } from '../lib/notifications';
import { type Outcome, OutcomeNote } from './OutcomeNote';

/**
 * An endpoint's settings: URL, the kinds it is told (one checkbox each, with what it means), a
 * note, and whether SESSION_NEEDS_LINK carries a connect link, with its lifetime. Checked here
 * first; the gateway's `BAD_USER_INPUT` reasons appear beside the field they name, other failures
 * under the form. A new-endpoint form empties itself once saved.
 */
export const NotificationEndpointForm: Component<{
  /** The settings to start from; a new endpoint's defaults when left out. */
  initial?: NotificationDraft;
  submitLabel: string;
  busy: boolean;
  onSubmit: (input: NotificationEndpointInput) => Promise<CommandResult<unknown>>;
  /** Shows a "Cancel" button (when editing). */
  onCancel?: () => void;
}> = (props) => {
  const id = createUniqueId();
  const start = () => props.initial ?? NEW_ENDPOINT_DRAFT;
  const [draft, setDraft] = createSignal<NotificationDraft>({
    ...start(),
    kinds: [...start().kinds],
  });
  const [errors, setErrors] = createSignal<NotificationErrors>({});
  const [note, setNote] = createSignal<Outcome | null>(null);
  const set = <K extends NotificationField>(field: K, value: NotificationDraft[K]) => {
    setDraft((prev) => ({ ...prev, [field]: value }));
    setErrors((prev) => ({ ...prev, [field]: undefined }));
  };
  const toggleKind = (kind: NotificationKind, on: boolean) => {
    const chosen = new Set(draft().kinds);
    if (on) {
      chosen.add(kind);
    } else {
      chosen.delete(kind);
    }
    // the order of the list, whatever the order of the clicks
    set(
      'kinds',
      NOTIFICATION_KINDS.map((k) => k.kind).filter((k) => chosen.has(k)),
    );
  };
  const invalid = (field: NotificationField) => (errors()[field] ? 'true' : 'false');
  const problemId = (field: NotificationField) => `${id}-${field}-problem`;
  const problem = (field: NotificationField) => (
    <p id={problemId(field)} class="field-error span" aria-live="assertive">
      {errors()[field] ?? ''}
    </p>
  );

  const submit: JSX.EventHandler<HTMLFormElement, SubmitEvent> = async (event) => {
    event.preventDefault();
    setNote(null);
    const found = checkNotificationDraft(draft());
    setErrors(found);
    if (Object.keys(found).length > 0) {
      return;
    }
    const result = await props.onSubmit(toEndpointInput(draft()));
    if (result.ok) {
      if (!props.initial) {
        setDraft({ ...NEW_ENDPOINT_DRAFT, kinds: [...NEW_ENDPOINT_DRAFT.kinds] });
      }
    } else if (result.field && NOTIFICATION_FIELDS.has(result.field.name)) {
      setErrors({ [result.field.name]: result.field.message });
    } else {
      setNote({ text: result.message, error: true });
    }
  };

  return (
    <form class="grid-form endpoint-form" onSubmit={submit} novalidate>
      <label for={`${id}-url`}>URL</label>
      <input
        id={`${id}-url`}
        type="url"
        required
        placeholder="https://api.example.com/hooks/whatsapp"
        value={draft().url}
        aria-invalid={invalid('url')}
        aria-describedby={problemId('url')}
        onInput={(e) => set('url', e.currentTarget.value)}
      />
      {problem('url')}
      <fieldset
        class="kinds span"
        aria-invalid={invalid('kinds')}
        aria-describedby={problemId('kinds')}
      >
        <legend>Tell it when</legend>
        <For each={NOTIFICATION_KINDS}>
          {(item) => (
            <label class="kind-option">
              <input
                type="checkbox"
                checked={draft().kinds.includes(item.kind)}
                onChange={(e) => toggleKind(item.kind, e.currentTarget.checked)}
              />
              <span>
                <strong>{item.label}</strong> <code class="muted">{item.kind}</code>
                <span class="hint">{item.explanation}</span>
              </span>
            </label>
          )}
        </For>
      </fieldset>
      {problem('kinds')}
      <label for={`${id}-description`}>Description (optional)</label>
      <input
        id={`${id}-description`}
        maxLength={200}
        value={draft().description}
        aria-invalid={invalid('description')}
        aria-describedby={problemId('description')}
        onInput={(e) => set('description', e.currentTarget.value)}
      />
      {problem('description')}
      <label class="check span">
        <input
          type="checkbox"
          checked={draft().includeConnectLink}
          onChange={(e) => set('includeConnectLink', e.currentTarget.checked)}
        />
        Include a connect link
      </label>
      <p class="hint">
        A "Needs link" notification then carries a fresh connect link the end user can open to link
        again.
      </p>
      <label for={`${id}-ttl`}>Connect-link lifetime (minutes)</label>
      <input
        id={`${id}-ttl`}
        class="ttl"
        type="number"
        inputmode="numeric"
        min={ENDPOINT_LINK_TTL.min}
        max={ENDPOINT_LINK_TTL.max}
        step="1"
        value={draft().connectLinkTtlMinutes}
        aria-invalid={invalid('connectLinkTtlMinutes')}
        aria-describedby={problemId('connectLinkTtlMinutes')}
        onInput={(e) => set('connectLinkTtlMinutes', e.currentTarget.value)}
      />
      {problem('connectLinkTtlMinutes')}
      <div class="actions span">
        <button type="submit" class="primary" disabled={props.busy} aria-busy={props.busy}>
          {props.submitLabel}
        </button>
        <Show when={props.onCancel}>
          {(cancel) => (
            <button type="button" onClick={() => cancel()()}>
              Cancel
            </button>
          )}
        </Show>
      </div>
      <OutcomeNote outcome={note()} class="span" />
    </form>
  );
};
