import type { Component } from 'solid-js';

/** STOPPED, STARTING or no snapshot yet: WhatsApp is getting ready (the status says "Preparing…"). */
export const Preparing: Component<{ onUsePhone: () => void }> = (props) => (
  <div class="connect-body connect-preparing">
    <span class="spinner" aria-hidden="true" />
    <p class="hint">This takes a few seconds.</p>
    <button type="button" class="link" onClick={() => props.onUsePhone()}>
      Use a phone number instead
    </button>
  </div>
);
