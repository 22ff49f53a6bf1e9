import type { TypedDocumentNode } from '@urql/core';
import { graphql } from '../gql';
import type { SessionStatus } from '../gql/graphql';
import type { BulkAction } from './bulk';
import { type Command, createCommand } from './createCommand';

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

/** The variables of every session command. */
export interface SessionVariables {
  instanceId: string;
}

/** One session command: its mutation, and the `Mutation` field that answers with the session. */
export interface SessionCommandSpec {
  document: TypedDocumentNode<Record<string, { status: SessionStatus }>, SessionVariables>;
  field: string;
}

/** The session commands by action. */
export const SESSION_COMMANDS: Record<BulkAction, SessionCommandSpec> = {
  start: { document: StartSession, field: 'startSession' },
  restart: { document: RestartSession, field: 'restartSession' },
  stop: { document: StopSession, field: 'stopSession' },
  logout: { document: Logout, field: 'logout' },
};

/**
 * One command per session action, each resolving to the status the gateway answered with. Call
 * under urql's `Provider` (see `createCommand`).
 */
export function createSessionCommands() {
  const commands = Object.fromEntries(
    Object.entries(SESSION_COMMANDS).map(([action, spec]) => [
      action,
      createCommand(spec.document, (data) => data[spec.field]?.status),
    ]),
  ) as Record<BulkAction, Command<SessionVariables, SessionStatus>>;
  return {
    /** Runs `action` for one instance; many may run at once (see `Command.run`). */
    run: (action: BulkAction, instanceId: string) => commands[action].run({ instanceId }),
    /** True while a command started here awaits its answer (see `Command.busy`). */
    busy: () => Object.values(commands).some((command) => command.busy()),
  };
}

export type SessionCommands = ReturnType<typeof createSessionCommands>;
