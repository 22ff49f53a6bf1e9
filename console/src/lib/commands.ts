import type { Client } from '@urql/core';
import { graphql } from '../gql';
import type { BulkAction } from './bulk';
import { describeError } from './errors';

const StartSession = graphql(`
  mutation StartSession($instanceId: ID!) {
    startSession(instanceId: $instanceId) { instanceId status observedAt }
  }
`);
const RestartSession = graphql(`
  mutation RestartSession($instanceId: ID!) {
    restartSession(instanceId: $instanceId) { instanceId status observedAt }
  }
`);
const StopSession = graphql(`
  mutation StopSession($instanceId: ID!) {
    stopSession(instanceId: $instanceId) { instanceId status observedAt }
  }
`);
const Logout = graphql(`
  mutation Logout($instanceId: ID!) {
    logout(instanceId: $instanceId) { instanceId status observedAt }
  }
`);
export const RequestPairingCode = graphql(`
  mutation RequestPairingCode($instanceId: ID!, $phoneNumber: String!) {
    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }
  }
`);

/**
 * Runs a session command and resolves to the status the gateway answered with. Rejects with an
 * `Error` whose message comes from the error table (`extensions.code`).
 */
export async function runSessionCommand(
  client: Client,
  action: BulkAction,
  instanceId: string,
): Promise<string> {
  const vars = { instanceId };
  const result =
    action === 'start'
      ? await client
          .mutation(StartSession, vars)
          .toPromise()
          .then((r) => [r.error, r.data?.startSession] as const)
      : action === 'restart'
        ? await client
            .mutation(RestartSession, vars)
            .toPromise()
            .then((r) => [r.error, r.data?.restartSession] as const)
        : action === 'stop'
          ? await client
              .mutation(StopSession, vars)
              .toPromise()
              .then((r) => [r.error, r.data?.stopSession] as const)
          : await client
              .mutation(Logout, vars)
              .toPromise()
              .then((r) => [r.error, r.data?.logout] as const);
  const [error, info] = result;
  if (error || !info) {
    throw new Error(describeError(error) ?? 'No answer from the gateway.');
  }
  return info.status;
}
