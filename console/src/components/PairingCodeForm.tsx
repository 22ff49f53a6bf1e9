import { type Component, createSignal, For, type JSX, Show } from 'solid-js';
import { checkPhoneNumber, formatPairingCode } from '../lib/phone';
import { CopyButton } from './CopyButton';

/** The console's steps for typing the code on the phone. */
const CONSOLE_STEPS: readonly JSX.Element[] = [
  'On the phone, open WhatsApp and go to Settings, then Linked devices.',
  'Tap “Link a device”, then “Link with phone number instead”.',
  'Type the code above. This page turns to WORKING on its own.',
];

/**
 * Link by phone number: validates what was typed, then calls `onRequest` with the value as typed
 * (the gateway normalises it). Shows the 8-character code large, grouped `XXXX-XXXX`.
 */
export const PairingCodeForm: Component<{
  onRequest: (phoneNumber: string) => void;
  /** The code from `requestPairingCode`, raw or grouped. */
  code: string | null;
  busy?: boolean;
  /** Why the last request failed (from `extensions.code`). */
  error?: string | null;
  /** How to type the code on the phone, one list item each. @default the console's three steps */
  steps?: readonly JSX.Element[];
}> = (props) => {
  const [phone, setPhone] = createSignal('');
  const [problem, setProblem] = createSignal<string | null>(null);
  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const check = checkPhoneNumber(phone());
    setProblem(check.ok ? null : check.reason);
    if (check.ok) {
      props.onRequest(check.value);
    }
  };
  const grouped = () => formatPairingCode(props.code ?? '');
  return (
    <div class="pairing">
      <form class="stack" onSubmit={submit} novalidate>
        <label for="pairing-phone">Phone number</label>
        <input
          id="pairing-phone"
          type="tel"
          inputmode="tel"
          autocomplete="tel"
          placeholder="+20 114 520 2826"
          value={phone()}
          onInput={(event) => setPhone(event.currentTarget.value)}
          aria-invalid={problem() ? 'true' : 'false'}
          aria-describedby="pairing-phone-hint pairing-phone-problem"
        />
        <p id="pairing-phone-hint" class="hint">
          The number of the WhatsApp account to link, with its country code.
        </p>
        <p id="pairing-phone-problem" class="field-error" aria-live="assertive">
          {problem() ?? ''}
        </p>
        <button type="submit" class="primary" disabled={props.busy} aria-busy={props.busy}>
          Request pairing code
        </button>
      </form>
      <Show when={props.error}>
        <p class="error" role="alert">
          {props.error}
        </p>
      </Show>
      <Show when={props.code}>
        <div class="pairing-result">
          {/* biome-ignore lint/a11y/useSemanticElements: fieldset is for form controls; this names read-only text */}
          <div class="pairing-code" role="group" aria-label="Pairing code">
            {grouped()}
          </div>
          <CopyButton text={grouped()} label="Copy code" />
          <ol class="instructions">
            <For each={props.steps ?? CONSOLE_STEPS}>{(step) => <li>{step}</li>}</For>
          </ol>
        </div>
      </Show>
    </div>
  );
};
