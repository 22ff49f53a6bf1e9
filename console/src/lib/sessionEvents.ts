import { createSubscription } from '@urql/solid';
import { type Accessor, createEffect } from 'solid-js';
import { graphql } from '../gql';
import type {
  InstanceEventsSubscription,
  InstanceEventsSubscriptionVariables,
} from '../gql/graphql';
import { useConnection } from './connection';
import { applySessionEvent, EMPTY_SESSION_VIEW, type SessionView } from './sessionState';

/** One instance's events; `after` is rewritten on reconnect by `trackResumeCursor` (urql.ts). */
export const InstanceEvents = graphql(`
  subscription InstanceEvents($instanceId: ID!, $after: String) {
    sessionEvents(instanceId: $instanceId, after: $after) {
      __typename
      cursor
      instanceId
      occurredAt
      source
      ... on SessionSnapshot {
        resumed
        session {
          status
          observedAt
          stale
          me { id pushName ...AccountCard_account }
        }
        qrCode { expiresAt ...QrCountdown_qrCode }
      }
      ... on SessionStatusChanged { status previousStatus }
      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }
      ... on SessionAuthenticated { me { id pushName ...AccountCard_account } }
      ... on SessionDisconnected { reason }
      ... on UpstreamHealthChanged { healthy detail }
    }
  }
`);

/**
 * The live session of one instance, folded from `sessionEvents` into a `SessionView` (status,
 * account, current QR, timeline). Must run under the urql `Provider` and a connection context;
 * unmounting the caller ends the subscription.
 */
export function createSessionEvents(instanceId: Accessor<string>) {
  const connection = useConnection();
  const [state] = createSubscription<
    InstanceEventsSubscription,
    SessionView,
    InstanceEventsSubscriptionVariables
  >(
    // `after: null` is sent explicitly so the transport knows this subscription can resume
    { query: InstanceEvents, variables: () => ({ instanceId: instanceId(), after: null }) },
    (prev, data) => applySessionEvent(prev ?? EMPTY_SESSION_VIEW, data.sessionEvents),
  );
  createEffect(() => {
    const healthy = state.data?.healthy;
    if (healthy !== undefined && healthy !== null) {
      connection.reportHealth(healthy);
    }
  });
  return state;
}
