import type { Component } from 'solid-js';
import { QrCountdown } from '../components/QrCountdown';
import type { ConnectQr } from './connectView';

/**
 * SCAN_QR_CODE: the QR with its countdown. A code past its expiry, or none yet, shows "Generating
 * a fresh code…" for as long as it takes: the flow starts the session again if it ever fails.
 */
export const ScanQr: Component<{ qrCode: ConnectQr | null; onUsePhone: () => void }> = (props) => (
  <div class="connect-body">
    <QrCountdown
      qrCode={props.qrCode}
      onRestart={() => {}}
      graceMs={Number.POSITIVE_INFINITY}
      waitingLabel="Generating a fresh code…"
    />
    <ol class="instructions">
      <li>Open WhatsApp on your phone.</li>
      <li>Go to Settings, then Linked devices, then “Link a device”.</li>
      <li>Point your phone at this code.</li>
    </ol>
    <button type="button" class="link" onClick={() => props.onUsePhone()}>
      Use a phone number instead
    </button>
  </div>
);
