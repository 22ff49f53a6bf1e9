import type { Component } from 'solid-js';
import { PairingCodeForm } from '../components/PairingCodeForm';
import type { PairingView } from './createConnectFlow';

const STEPS = [
  'Open WhatsApp on your phone and go to Settings, then Linked devices.',
  'Tap “Link a device”, then “Link with phone number instead”.',
  'Enter the code shown above.',
];

/** Linking by phone number: the number, then the 8-character code and how to type it. */
export const PhoneLink: Component<{
  pairing: PairingView;
  onRequest: (phoneNumber: string) => void;
  onUseQr: () => void;
}> = (props) => (
  <div class="connect-body">
    <PairingCodeForm
      code={props.pairing.code}
      busy={props.pairing.busy}
      error={props.pairing.error}
      onRequest={props.onRequest}
      steps={STEPS}
    />
    <button type="button" class="link" onClick={() => props.onUseQr()}>
      Scan a QR code instead
    </button>
  </div>
);
