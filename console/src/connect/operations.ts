import { graphql } from '../gql';

/** The instance's events: the page's only source of what to show. */
export const ConnectEvents = graphql(`
  subscription ConnectEvents($instanceId: ID!, $after: String) {
    sessionEvents(instanceId: $instanceId, after: $after) {
      __typename
      cursor
      instanceId
      ... on SessionSnapshot {
        session { status me { id pushName } }
        qrCode { expiresAt ...QrCountdown_qrCode }
      }
      ... on SessionStatusChanged { status previousStatus }
      ... on QrCodeUpdated { newQrCode: qrCode { expiresAt ...QrCountdown_qrCode } }
      ... on SessionAuthenticated { me { id pushName } }
      ... on SessionDisconnected { reason }
    }
  }
`);

/** Starts a STOPPED or FAILED session. */
export const ConnectStartSession = graphql(`
  mutation ConnectStartSession($instanceId: ID!) {
    startSession(instanceId: $instanceId) { status }
  }
`);

/** A pairing code for the phone number the user typed (at most 3 per 10 minutes per link). */
export const ConnectRequestPairingCode = graphql(`
  mutation ConnectRequestPairingCode($instanceId: ID!, $phoneNumber: String!) {
    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }
  }
`);

/** The current QR, asked for when the stream has none that is still valid. */
export const ConnectQrCode = graphql(`
  query ConnectQrCode($instanceId: ID!) {
    qrCode(instanceId: $instanceId) { expiresAt ...QrCountdown_qrCode }
  }
`);
