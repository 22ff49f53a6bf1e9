import { type Component, createUniqueId, onCleanup, onMount } from 'solid-js';

/**
 * Asks before a `#key=` link replaces the key this tab is signed in with: a modal
 * `alertdialog` with "Keep current key" (focused: the safe answer) and "Switch key". Escape
 * keeps the current key, Tab stays inside the dialog, and focus returns where it was.
 * Keys are shown masked (`wga_abcd…wxyz`).
 */
export const KeySwitchDialog: Component<{
  /** The signed-in key, masked. */
  current: string;
  /** The link's key, masked. */
  incoming: string;
  onSwitch: () => void;
  onKeep: () => void;
}> = (props) => {
  const id = createUniqueId();
  let dialog: HTMLDivElement | undefined;
  let keep: HTMLButtonElement | undefined;
  const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
  onMount(() => keep?.focus());
  onCleanup(() => {
    if (previous?.isConnected) {
      previous.focus();
    }
  });
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      props.onKeep();
      return;
    }
    if (event.key !== 'Tab' || !dialog) {
      return;
    }
    const buttons = [...dialog.querySelectorAll('button')];
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };
  return (
    <div class="modal-backdrop">
      <div
        ref={dialog}
        class="card modal stack"
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        onKeyDown={onKeyDown}
      >
        <h2 id={`${id}-title`}>Switch to another key?</h2>
        <p id={`${id}-text`}>
          The link you opened signs in with the key <code>{props.incoming}</code>, but this tab is
          signed in with <code>{props.current}</code>. Switching replaces the current key in this
          tab; what you see then follows the other key's access.
        </p>
        <div class="modal-actions">
          <button ref={keep} type="button" onClick={() => props.onKeep()}>
            Keep current key
          </button>
          <button type="button" class="primary" onClick={() => props.onSwitch()}>
            Switch key
          </button>
        </div>
      </div>
    </div>
  );
};
