import type { Accessor } from 'solid-js';
import { createStore } from 'solid-js/store';
import { graphql } from '../gql';
import { createCommand } from './createCommand';

export const RequestPairingCode = graphql(`
  mutation RequestPairingCode($instanceId: ID!, $phoneNumber: String!) {
    requestPairingCode(instanceId: $instanceId, phoneNumber: $phoneNumber) { code expiresAt }
  }
`);

/** What the pairing form shows: the last code, why the last request failed, and whether one runs. */
export interface PairingState {
  readonly code: string | null;
  readonly error: string | null;
  readonly busy: boolean;
}

/**
 * Pairing codes for one instance. The code stays shown while a new one is requested; `clear()`
 * forgets code and error. Call under urql's `Provider` (see `createCommand`).
 */
export function createPairingCode(instanceId: Accessor<string>) {
  const command = createCommand(RequestPairingCode, (data) => data.requestPairingCode.code);
  const [last, setLast] = createStore({
    code: null as string | null,
    error: null as string | null,
  });
  const state: PairingState = {
    get code() {
      return last.code;
    },
    get error() {
      return last.error;
    },
    get busy() {
      return command.busy();
    },
  };
  return {
    state,
    async request(phoneNumber: string) {
      setLast('error', null);
      const result = await command.run({ instanceId: instanceId(), phoneNumber });
      setLast(
        result.ok ? { code: result.data, error: null } : { code: null, error: result.message },
      );
    },
    clear: () => setLast({ code: null, error: null }),
  };
}
