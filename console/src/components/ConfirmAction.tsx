import { type Component, createSignal, createUniqueId, onMount, Show } from 'solid-js';

/**
 * A button that asks before acting: the question appears inline as an `alertdialog` with
 * "Confirm" (focused) and "Cancel"; Escape cancels and focus returns to the button.
 */
export const ConfirmAction: Component<{
  label: string;
  /** The trigger's accessible name when `label` alone is ambiguous (e.g. one per row). */
  ariaLabel?: string;
  question: string;
  onConfirm: () => void;
  confirmLabel?: string;
  disabled?: boolean;
  danger?: boolean;
}> = (props) => {
  const [asking, setAsking] = createSignal(false);
  const id = createUniqueId();
  let trigger: HTMLButtonElement | undefined;
  const close = () => {
    setAsking(false);
    trigger?.focus();
  };
  return (
    <span class="confirm">
      <button
        ref={trigger}
        type="button"
        class={props.danger ? 'danger' : undefined}
        aria-label={props.ariaLabel}
        disabled={props.disabled}
        aria-expanded={asking()}
        onClick={() => setAsking(true)}
      >
        {props.label}
      </button>
      <Show when={asking()}>
        <ConfirmBox
          id={id}
          question={props.question}
          confirmLabel={props.confirmLabel ?? 'Confirm'}
          onConfirm={() => {
            close();
            props.onConfirm();
          }}
          onCancel={close}
        />
      </Show>
    </span>
  );
};

const ConfirmBox: Component<{
  id: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
}> = (props) => {
  let confirm: HTMLButtonElement | undefined;
  onMount(() => confirm?.focus());
  return (
    <div
      class="confirm-box"
      role="alertdialog"
      aria-labelledby={`${props.id}-q`}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          props.onCancel();
        }
      }}
    >
      <p id={`${props.id}-q`}>{props.question}</p>
      <button ref={confirm} type="button" class="danger" onClick={() => props.onConfirm()}>
        {props.confirmLabel}
      </button>
      <button type="button" onClick={() => props.onCancel()}>
        Cancel
      </button>
    </div>
  );
};
