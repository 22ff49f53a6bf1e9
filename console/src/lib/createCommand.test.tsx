import { render } from '@solidjs/testing-library';
import {
  Client,
  makeResult,
  type Operation,
  type OperationResult,
  type OperationResultSource,
} from '@urql/core';
import { Provider } from '@urql/solid';
import { ErrorCode } from '@wawp-gateway/schema/protocol';
import { describe, expect, it, vi } from 'vitest';
import { makeSubject, type Subject } from 'wonka';
import { type Command, createCommand } from './createCommand';
import { ERROR_MESSAGES } from './errors';
import { RequestPairingCode } from './pairingCode';

type Variables = { instanceId: string; phoneNumber: string };

/** A command on a client whose mutations stay in flight until the test answers them. */
function setup() {
  const client = new Client({ url: 'http://gateway.test/graphql', exchanges: [] });
  const calls: { operation: Operation; answer: Subject<OperationResult> }[] = [];
  vi.spyOn(client, 'executeMutation').mockImplementation((request, context) => {
    const call = {
      operation: client.createRequestOperation('mutation', request, context),
      answer: makeSubject<OperationResult>(),
    };
    calls.push(call);
    return call.answer.source as unknown as OperationResultSource<OperationResult>;
  });
  let command!: Command<Variables, string>;
  const Probe = () => {
    command = createCommand(RequestPairingCode, (data) => data.requestPairingCode.code, {
      additionalTypenames: ['Instance'],
    });
    return null;
  };
  render(() => (
    <Provider value={client}>
      <Probe />
    </Provider>
  ));
  const answer = (index: number, result: (operation: Operation) => OperationResult) => {
    const call = calls[index];
    if (!call) {
      throw new Error(`no call ${index}`);
    }
    call.answer.next(result(call.operation));
  };
  return { command, calls, answer };
}

const variables = (phoneNumber: string) => ({ instanceId: 'abc', phoneNumber });
const code = (value: string) => (operation: Operation) =>
  makeResult(operation, { data: { requestPairingCode: { code: value, expiresAt: null } } });

describe('createCommand', () => {
  it('is busy until the answer, and resolves to its data', async () => {
    const { command, calls, answer } = setup();
    expect(command.busy()).toBe(false);
    const pending = command.run(variables('+1'));
    expect(command.busy()).toBe(true);
    expect(calls[0]?.operation.variables).toEqual(variables('+1'));
    expect(calls[0]?.operation.context.additionalTypenames).toEqual(['Instance']);
    answer(0, code('WXYZ2345'));
    await expect(pending).resolves.toEqual({ ok: true, data: 'WXYZ2345' });
    expect(command.busy()).toBe(false);
  });

  it('resolves to the error table message instead of rejecting', async () => {
    const { command, answer } = setup();
    const pending = command.run(variables('+1'));
    answer(0, (operation) =>
      makeResult(operation, {
        data: null,
        errors: [{ message: 'slow down', extensions: { code: ErrorCode.RateLimited } }],
      }),
    );
    await expect(pending).resolves.toEqual({
      ok: false,
      message: ERROR_MESSAGES[ErrorCode.RateLimited]({}),
    });
  });

  it('fails with "No answer" when the gateway sends neither data nor an error', async () => {
    const { command, answer } = setup();
    const pending = command.run(variables('+1'));
    answer(0, (operation) => makeResult(operation, { data: null }));
    await expect(pending).resolves.toEqual({ ok: false, message: 'No answer from the gateway.' });
  });

  it('gives overlapping calls their own results, and stays busy until the last answer', async () => {
    const { command, answer } = setup();
    const first = command.run(variables('+1'));
    const second = command.run(variables('+2'));
    // both answers before either caller resumes: one shared createMutation would hand the first
    // caller the second answer
    answer(1, code('SECOND22'));
    expect(command.busy()).toBe(true);
    answer(0, code('FIRST111'));
    expect(command.busy()).toBe(false);
    await expect(first).resolves.toEqual({ ok: true, data: 'FIRST111' });
    await expect(second).resolves.toEqual({ ok: true, data: 'SECOND22' });
  });

  it('reuses a mutation once its answer is in', async () => {
    const { command, answer } = setup();
    const first = command.run(variables('+1'));
    answer(0, code('FIRST111'));
    await first;
    const second = command.run(variables('+2'));
    const third = command.run(variables('+3'));
    answer(2, code('THIRD333'));
    answer(1, code('SECOND22'));
    await expect(second).resolves.toEqual({ ok: true, data: 'SECOND22' });
    await expect(third).resolves.toEqual({ ok: true, data: 'THIRD333' });
    await expect(first).resolves.toEqual({ ok: true, data: 'FIRST111' });
  });
});
