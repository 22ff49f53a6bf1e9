import type { Component } from 'solid-js';
import { CopyButton } from './CopyButton';

/**
 * An endpoint's signing secret (`whsec_…`), just made or rotated: shown once, here, with a copy
 * button, until the page is left or "Done" is pressed. After a rotation the old secret keeps
 * signing alongside the new one for 24 h, so receivers can switch without losing a delivery.
 */
export const NotificationSecret: Component<{
  secret: string;
  rotated: boolean;
  onDone: () => void;
}> = (props) => (
  // biome-ignore lint/a11y/useSemanticElements: fieldset is for form controls; this names read-only text
  <div class="issued-key" role="group" aria-label="Signing secret">
    <p>
      <strong>Copy this signing secret now.</strong> It is shown once; the receiver checks each
      notification's <code>webhook-signature</code> with it (Standard Webhooks).
    </p>
    {props.rotated && (
      <p class="hint">
        The old secret keeps signing alongside this one for 24 h: switch the receiver to the new one
        within that time.
      </p>
    )}
    <code class="secret">{props.secret}</code>
    <div class="row">
      <CopyButton text={props.secret} label="Copy secret" />
      <button type="button" onClick={() => props.onDone()}>
        Done, I stored it
      </button>
    </div>
  </div>
);
