import type { Client } from '@urql/core';
import { type Component, createEffect, Match, Switch } from 'solid-js';
import type { ConnectSession } from './api';
import { Connected } from './Connected';
import { createConnectFlow } from './createConnectFlow';
import { PhoneLink } from './PhoneLink';
import { Preparing } from './Preparing';
import { Problem } from './Problem';
import { ScanQr } from './ScanQr';

/** The status sentence of the flow's current screen. */
function flowStatus(flow: ReturnType<typeof createConnectFlow>): string {
  const { status, pushName } = flow.view();
  if (status === 'WORKING') {
    return pushName ? `Connected as ${pushName}` : 'Connected';
  }
  const startError = flow.startError();
  if (startError) {
    return startError;
  }
  if (flow.mode() === 'phone') {
    if (flow.pairing.code) {
      return 'Enter this code on your phone';
    }
    return status === 'SCAN_QR_CODE' ? 'Link with your phone number' : 'Preparing…';
  }
  return status === 'SCAN_QR_CODE' ? 'Scan the QR code with WhatsApp' : 'Preparing…';
}

/**
 * An active link: the screens of the flow, chosen from the instance's events. Reports its
 * status sentence through `announce` (the shell shows it).
 */
export const FlowScreen: Component<{
  client: Client;
  session: ConnectSession;
  announce: (status: string) => void;
  onStreamEnded: () => void;
  onWorking: () => void;
  onConnected: (pushName: string | null) => void;
  redirect?: ((url: string) => void) | undefined;
}> = (props) => {
  const flow = createConnectFlow(props.client, props.session.instanceId, {
    onStreamEnded: () => props.onStreamEnded(),
    onWorking: () => props.onWorking(),
    onConnected: (pushName) => props.onConnected(pushName),
  });
  createEffect(() => props.announce(flowStatus(flow)));
  const status = () => flow.view().status;
  return (
    <Switch fallback={<Preparing onUsePhone={flow.usePhone} />}>
      <Match when={status() === 'WORKING'}>
        <Connected
          instanceId={props.session.instanceId}
          returnUrl={props.session.returnUrl}
          redirect={props.redirect}
        />
      </Match>
      <Match when={flow.startError()}>
        <Problem onRetry={flow.retryStart} />
      </Match>
      <Match when={flow.mode() === 'phone'}>
        <PhoneLink
          pairing={flow.pairing}
          onRequest={flow.requestPairingCode}
          onUseQr={flow.useQr}
        />
      </Match>
      <Match when={status() === 'SCAN_QR_CODE'}>
        <ScanQr qrCode={flow.view().qrCode} onUsePhone={flow.usePhone} />
      </Match>
    </Switch>
  );
};
