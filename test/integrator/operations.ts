/**
 * The operations this integrator uses, written once with `graphql()` from the generated `./gql`.
 * After editing a document here, run `pnpm codegen` (or `pnpm exec graphql-codegen --config
 * codegen.ts`): each document then has exact result and variable types.
 */
import { graphql } from './gql';

export const SessionInfoQuery = graphql(`
  query IntegratorSessionInfo($instanceId: ID!) {
    sessionInfo(instanceId: $instanceId) {
      instanceId
      status
      observedAt
      stale
      me {
        id
        pushName
      }
    }
  }
`);

export const StartSessionMutation = graphql(`
  mutation IntegratorStartSession($instanceId: ID!) {
    startSession(instanceId: $instanceId) {
      instanceId
      status
    }
  }
`);

export const InstancesQuery = graphql(`
  query IntegratorInstances {
    viewer {
      role
      tenantId
    }
    instances {
      instanceId
      label
      session {
        status
      }
    }
  }
`);

export const QrCodeQuery = graphql(`
  query IntegratorQrCode($instanceId: ID!) {
    qrCode(instanceId: $instanceId) {
      value
      imageDataUrl
      expiresAt
    }
  }
`);
