import { render } from '@solidjs/testing-library';
import { Provider } from '@urql/solid';
import { ErrorCode } from '@wawp-gateway/schema/protocol';
import { describe, expect, it } from 'vitest';
import { createFakeClient } from '../testing/fakeClient';
import type { BulkAction } from './bulk';
import { createSessionCommands, type SessionCommands } from './commands';
import { ERROR_MESSAGES } from './errors';

/** The mutation each action must send, and the field its answer comes in. */
const EXPECTED: Record<BulkAction, [mutation: string, field: string, status: string]> = {
  start: ['StartSession', 'startSession', 'STARTING'],
  restart: ['RestartSession', 'restartSession', 'STARTING'],
  stop: ['StopSession', 'stopSession', 'STOPPED'],
  logout: ['Logout', 'logout', 'STOPPED'],
};

function setup() {
  const fake = createFakeClient((name, variables) => {
    if (variables.instanceId === 'gone') {
      return { error: { message: 'nope', code: ErrorCode.NotFound } };
    }
    const expected = Object.values(EXPECTED).find(([mutation]) => mutation === name);
    return expected
      ? { data: { [expected[1]]: { instanceId: variables.instanceId, status: expected[2] } } }
      : { error: { message: `unexpected ${name}`, code: ErrorCode.Internal } };
  });
  let commands!: SessionCommands;
  const Probe = () => {
    commands = createSessionCommands();
    return null;
  };
  render(() => (
    <Provider value={fake.client}>
      <Probe />
    </Provider>
  ));
  return { commands, fake };
}

describe('createSessionCommands', () => {
  it('sends each action as its own mutation and reads the status from its field', async () => {
    const { commands, fake } = setup();
    for (const [action, [mutation, , status]] of Object.entries(EXPECTED)) {
      await expect(commands.run(action as BulkAction, 'abc'), action).resolves.toEqual({
        ok: true,
        data: status,
      });
      const operation = fake.operations.at(-1);
      const definition = operation?.query.definitions[0];
      expect(definition?.kind === 'OperationDefinition' && definition.name?.value).toBe(mutation);
      expect(operation?.variables).toEqual({ instanceId: 'abc' });
    }
    expect(commands.busy()).toBe(false);
  });

  it('resolves to the error table message when the gateway refuses', async () => {
    const { commands } = setup();
    await expect(commands.run('start', 'gone')).resolves.toEqual({
      ok: false,
      message: ERROR_MESSAGES[ErrorCode.NotFound]({}),
    });
  });
});
