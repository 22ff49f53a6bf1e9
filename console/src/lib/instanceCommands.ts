import { type Accessor, createSignal } from 'solid-js';
import type { BulkAction } from './bulk';
import { createSessionCommands } from './commands';
import { createPairingCode } from './pairingCode';

/**
 * The Instance screen's commands: one at a time, with the last error as a human message. The
 * resulting status arrives through `sessionEvents`, not from the mutation.
 */
export function createInstanceCommands(instanceId: Accessor<string>) {
  const session = createSessionCommands();
  const pairing = createPairingCode(instanceId);
  const [error, setError] = createSignal<string | null>(null);
  return {
    busy: session.busy,
    error,
    pairing: pairing.state,
    async run(action: BulkAction) {
      setError(null);
      const result = await session.run(action, instanceId());
      if (!result.ok) {
        setError(result.message);
      } else if (action !== 'stop') {
        // a new session (or none) makes the last pairing code meaningless
        pairing.clear();
      }
    },
    requestPairingCode: pairing.request,
  };
}
