import { type Component, createSignal, For, Match, Switch } from 'solid-js';
import type { QrCodeRef } from '../lib/sessionState';
import { PairingCodeForm } from './PairingCodeForm';
import { QrCountdown } from './QrCountdown';

type Tab = 'qr' | 'code';
const TABS: { id: Tab; label: string }[] = [
  { id: 'qr', label: 'QR code' },
  { id: 'code', label: 'Pairing code' },
];

/** SCAN_QR_CODE: scan the QR, or switch to the "Pairing code" tab to link by phone number. */
export const LinkDevice: Component<{
  qrCode: QrCodeRef | null;
  qrExhausted: boolean;
  onRestart: () => void;
  pairing: { code: string | null; error: string | null; busy: boolean };
  onRequestPairingCode: (phoneNumber: string) => void;
}> = (props) => {
  // a code requested while STOPPED is still on its way when the QR step appears: stay on it
  const [tab, setTab] = createSignal<Tab>(props.pairing.code || props.pairing.busy ? 'code' : 'qr');
  const tabs: HTMLButtonElement[] = [];
  // roving focus between tabs (WAI-ARIA tabs pattern): arrows wrap, Home/End jump
  const onKeyDown = (event: KeyboardEvent) => {
    const last = TABS.length - 1;
    const at = TABS.findIndex((item) => item.id === tab());
    const moves: Record<string, number> = {
      ArrowRight: at === last ? 0 : at + 1,
      ArrowLeft: at === 0 ? last : at - 1,
      Home: 0,
      End: last,
    };
    const next = moves[event.key];
    const target = next === undefined ? undefined : TABS[next];
    if (next !== undefined && target) {
      event.preventDefault();
      setTab(target.id);
      tabs[next]?.focus();
    }
  };
  return (
    <div class="link-device">
      <div role="tablist" aria-label="How to link the phone" class="tabs" onKeyDown={onKeyDown}>
        <For each={TABS}>
          {(item, index) => (
            <button
              ref={(el) => {
                tabs[index()] = el;
              }}
              type="button"
              role="tab"
              id={`link-tab-${item.id}`}
              aria-controls={`link-panel-${item.id}`}
              aria-selected={tab() === item.id}
              tabIndex={tab() === item.id ? 0 : -1}
              onClick={() => setTab(item.id)}
            >
              {item.label}
            </button>
          )}
        </For>
      </div>
      <Switch>
        <Match when={tab() === 'qr'}>
          {/* panels are named by their own label, not the tab's, so "Pairing code" names one element */}
          <div role="tabpanel" id="link-panel-qr" aria-label="Scan with the phone" class="panel">
            <QrCountdown
              qrCode={props.qrCode}
              exhausted={props.qrExhausted}
              onRestart={props.onRestart}
            />
            <p class="hint">
              On the phone: WhatsApp, Settings, Linked devices, Link a device, then point the camera
              at this code. A new code replaces it as soon as WhatsApp rotates it.
            </p>
          </div>
        </Match>
        <Match when={tab() === 'code'}>
          <div
            role="tabpanel"
            id="link-panel-code"
            aria-label="Link with the phone number"
            class="panel"
          >
            <PairingCodeForm
              code={props.pairing.code}
              busy={props.pairing.busy}
              error={props.pairing.error}
              onRequest={props.onRequestPairingCode}
            />
          </div>
        </Match>
      </Switch>
    </div>
  );
};
