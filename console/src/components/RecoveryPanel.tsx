import type { Component } from 'solid-js';
import { ConfirmAction } from './ConfirmAction';

/** FAILED: the recovery Wawp recommends, in order: restart; if that fails, log out and start. */
export const RecoveryPanel: Component<{
  qrExhausted: boolean;
  busy: boolean;
  onRestart: () => void;
  onLogout: () => void;
}> = (props) => (
  <div class="recovery">
    <h3>The session failed</h3>
    <p>
      {props.qrExhausted
        ? 'The last QR code expired before a phone was linked.'
        : 'Wawp reports the session as FAILED.'}
    </p>
    <ol class="steps">
      <li>
        <p>Restart the session. This keeps the link to WhatsApp if there is one.</p>
        <button
          type="button"
          class="primary"
          disabled={props.busy}
          onClick={() => props.onRestart()}
        >
          Restart
        </button>
      </li>
      <li>
        <p>If it fails again: log out, then start the session and link the phone anew.</p>
        <ConfirmAction
          label="Log out"
          question="Log out? The phone will have to be linked again."
          disabled={props.busy}
          danger
          onConfirm={props.onLogout}
        />
      </li>
    </ol>
  </div>
);
