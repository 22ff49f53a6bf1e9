import { type Component, Match, Show, Switch } from 'solid-js';
import type { BulkAction } from '../lib/bulk';
import { DISCONNECT_REASONS } from '../lib/describeEvent';
import type { SessionView } from '../lib/sessionState';
import { AccountCard } from './AccountCard';
import { ConfirmAction } from './ConfirmAction';
import { LinkDevice } from './LinkDevice';
import { PairingCodeForm } from './PairingCodeForm';
import { RecoveryPanel } from './RecoveryPanel';

/** The onboarding step for the current status, with exactly the buttons that status allows. */
export const SessionPanel: Component<{
  view: SessionView;
  busy: boolean;
  pairing: { code: string | null; error: string | null; busy: boolean };
  onCommand: (action: BulkAction) => void;
  onRequestPairingCode: (phoneNumber: string) => void;
}> = (props) => {
  const run = (action: BulkAction) => () => props.onCommand(action);
  const stop = () => (
    <button type="button" disabled={props.busy} onClick={run('stop')}>
      Stop session
    </button>
  );
  return (
    <section class="card session-panel" aria-label="Session" aria-busy={props.busy}>
      <Switch fallback={<p class="muted">Checking the session…</p>}>
        <Match when={props.view.status === 'STOPPED'}>
          <p>
            The session is stopped.
            <Show when={props.view.disconnectReason}>
              {(reason) => ` ${DISCONNECT_REASONS[reason()]}.`}
            </Show>
          </p>
          <button type="button" class="primary" disabled={props.busy} onClick={run('start')}>
            Start session
          </button>
          {/* requestPairingCode starts a STOPPED session itself and answers once it can link */}
          <section class="stopped-pairing" aria-labelledby="stopped-pairing-title">
            <h3 id="stopped-pairing-title">Or link without scanning</h3>
            <p class="hint">
              Enter the phone number to get a pairing code; requesting one starts the session.
            </p>
            <PairingCodeForm
              code={props.pairing.code}
              busy={props.pairing.busy}
              error={props.pairing.error}
              onRequest={props.onRequestPairingCode}
            />
          </section>
        </Match>
        <Match when={props.view.status === 'STARTING'}>
          <div class="starting">
            <progress aria-label="Starting the session" />
            <p>Starting the WhatsApp engine; this takes a few seconds.</p>
          </div>
          <Show when={props.pairing.busy}>
            <p class="hint">Requesting the pairing code once the engine is ready…</p>
          </Show>
          {stop()}
        </Match>
        <Match when={props.view.status === 'SCAN_QR_CODE'}>
          <LinkDevice
            qrCode={props.view.qrCode}
            qrExhausted={props.view.qrExhausted}
            onRestart={run('restart')}
            pairing={props.pairing}
            onRequestPairingCode={props.onRequestPairingCode}
          />
          {stop()}
        </Match>
        <Match when={props.view.status === 'WORKING'}>
          <Show when={props.view.me} fallback={<p>Linked. Loading the account details…</p>}>
            {(me) => <AccountCard account={me()} />}
          </Show>
          <div class="actions">
            <ConfirmAction
              label="Log out"
              question="Log out? WhatsApp unlinks this device and the phone must be linked again."
              disabled={props.busy}
              danger
              onConfirm={run('logout')}
            />
            <button type="button" disabled={props.busy} onClick={run('restart')}>
              Restart
            </button>
            {stop()}
          </div>
        </Match>
        <Match when={props.view.status === 'FAILED'}>
          <RecoveryPanel
            qrExhausted={props.view.qrExhausted}
            busy={props.busy}
            onRestart={run('restart')}
            onLogout={run('logout')}
          />
        </Match>
      </Switch>
    </section>
  );
};
