import type { AnyVariables, DocumentInput, OperationContext, OperationResult } from '@urql/core';
import { createMutation } from '@urql/solid';
import { type Accessor, createSignal, getOwner, runWithOwner, untrack } from 'solid-js';
import { describeError, type FieldError, fieldErrorOf } from './errors';

/**
 * The outcome of every console command: the answer it asked for, or the human message from the
 * error table. Commands resolve to this and never reject.
 */
export type CommandResult<T> =
  | { ok: true; data: T }
  | {
      ok: false;
      message: string;
      /** The input field the gateway named (`extensions.field`), with its gateway code. */
      field?: FieldError;
    };

/** One GraphQL mutation, run through `@urql/solid`'s `createMutation`. */
export interface Command<Variables, T> {
  /**
   * Runs the mutation. Calls may overlap (a bulk run keeps several in flight); each resolves to
   * its own result.
   */
  run: (variables: Variables) => Promise<CommandResult<T>>;
  /** True while a call awaits its answer: the `fetching` state of the mutations it runs on. */
  busy: Accessor<boolean>;
}

/** The message when the gateway answered with neither data nor an error. */
const NO_ANSWER = 'No answer from the gateway.';

/** Reads one urql result into a `CommandResult`; an error, or no answer from `pick`, fails. */
function toCommandResult<Data, Variables extends AnyVariables, T>(
  result: OperationResult<Data, Variables>,
  pick: (data: Data) => T | undefined,
): CommandResult<T> {
  const answer = result.data == null ? undefined : pick(result.data);
  if (result.error || answer === undefined) {
    const field = fieldErrorOf(result.error);
    const message = describeError(result.error) ?? NO_ANSWER;
    return field ? { ok: false, message, field } : { ok: false, message };
  }
  return { ok: true, data: answer };
}

/**
 * A command for `document`: `pick` takes the answer out of the mutation's data, `context` is
 * passed to every call (e.g. `additionalTypenames` for the document cache). Call it where
 * `createMutation` may be called: under a component, inside urql's `Provider`.
 */
export function createCommand<Data, Variables extends AnyVariables, T>(
  document: DocumentInput<Data, Variables>,
  pick: (data: Data) => T | undefined,
  context?: Partial<OperationContext>,
): Command<Variables, T> {
  const owner = getOwner();
  // createMutation reconciles each answer into the data object it holds, which is the previous
  // answer's own `data`: calls overlapping on one mutation could read each other's answers. So
  // each call in flight gets a mutation of its own, made under this owner (urql's Provider).
  const [slots, setSlots] = createSignal([createMutation(document)]);
  const freeSlot = () => {
    const free = untrack(slots).find(([state]) => !state.fetching);
    if (free) {
      return free;
    }
    const added = runWithOwner(owner, () => createMutation(document));
    if (!added) {
      throw new Error('createCommand needs an owner under the urql Provider');
    }
    setSlots((all) => [...all, added]);
    return added;
  };
  return {
    run: async (variables) => {
      const [, execute] = freeSlot();
      return toCommandResult(await execute(variables, context), pick);
    },
    busy: () => slots().some(([state]) => state.fetching),
  };
}
