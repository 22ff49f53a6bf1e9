import { useClient } from '@urql/solid';
import { type Accessor, createSignal } from 'solid-js';
import { createStore } from 'solid-js/store';
import type { BulkAction } from './bulk';
import { RequestPairingCode, runSessionCommand } from './commands';
import { describeError } from './errors';

/**
 * The Instance screen's commands: one at a time, with the last error as a human message. The
 * resulting status arrives through `sessionEvents`, not from the mutation.
 */
export function createInstanceCommands(instanceId: Accessor<string>) {
  const client = useClient();
  const [busy, setBusy] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const [pairing, setPairing] = createStore({
    code: null as string | null,
    error: null as string | null,
    busy: false,
  });
  return {
    busy,
    error,
    pairing,
    async run(action: BulkAction) {
      setBusy(true);
      setError(null);
      try {
        await runSessionCommand(client, action, instanceId());
        if (action !== 'stop') {
          setPairing({ code: null, error: null });
        }
      } catch (failure) {
        setError(failure instanceof Error ? failure.message : String(failure));
      } finally {
        setBusy(false);
      }
    },
    async requestPairingCode(phoneNumber: string) {
      setPairing({ busy: true, error: null });
      const result = await client
        .mutation(RequestPairingCode, { instanceId: instanceId(), phoneNumber })
        .toPromise();
      setPairing({
        busy: false,
        code: result.data?.requestPairingCode.code ?? null,
        error: describeError(result.error),
      });
    },
  };
}
