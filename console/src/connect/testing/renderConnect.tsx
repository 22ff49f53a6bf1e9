import { render } from '@solidjs/testing-library';
import { vi } from 'vitest';
import { createFakeClient, type FakeAnswer } from '../../testing/fakeClient';
import type { ConnectSession, SessionResult } from '../api';
import { ConnectApp } from '../ConnectApp';
import { SESSION } from './session';

/** Default answers of the connect endpoint's operations. */
export const connectAnswer = (name: string): FakeAnswer => {
  switch (name) {
    case 'ConnectStartSession':
      return { data: { startSession: { status: 'STARTING' } } };
    case 'ConnectRequestPairingCode':
      return { data: { requestPairingCode: { code: 'WXYZ2345', expiresAt: null } } };
    case 'ConnectQrCode':
      return { error: { message: 'refreshing', code: 'QR_REFRESHING' } };
    default:
      return { error: { message: 'nope', code: 'FORBIDDEN' } };
  }
};

/**
 * Renders `ConnectApp` for an opened link against a fake client: `emit` pushes sessionEvents,
 * `endStream()` is the server closing the stream with 4403, `recheck` answers the re-check.
 */
export function renderConnect(
  options: {
    open?: SessionResult;
    answer?: (name: string, variables: Record<string, unknown>) => FakeAnswer | undefined;
    recheck?: SessionResult;
  } = {},
) {
  const fake = createFakeClient(
    (name, variables) => options.answer?.(name, variables) ?? connectAnswer(name),
  );
  let linkEnded: (() => void) | undefined;
  const recheck = vi.fn(async () => options.recheck ?? { kind: 'unknown' as const });
  const redirect = vi.fn();
  const setTitle = vi.fn();
  const onConnected = vi.fn();
  const onEnded = vi.fn();
  const onError = vi.fn();
  const opened: SessionResult = options.open ?? { kind: 'session', session: SESSION };
  render(() => (
    <ConnectApp
      open={async () => opened}
      recheck={recheck}
      makeClient={(onLinkEnded) => {
        linkEnded = onLinkEnded;
        return { client: fake.client, dispose: () => {} };
      }}
      redirect={redirect}
      setTitle={setTitle}
      onConnected={onConnected}
      onEnded={onEnded}
      onError={onError}
    />
  ));
  return {
    ...fake,
    recheck,
    redirect,
    setTitle,
    onConnected,
    onEnded,
    onError,
    endStream: () => linkEnded?.(),
    mutations: () =>
      fake.operations
        .filter((op) => op.kind === 'mutation')
        .map((op) => ({
          name: op.query.definitions.find((d) => d.kind === 'OperationDefinition')?.name?.value,
          variables: op.variables,
        })),
  };
}

/** An opened link in another state. */
export const opened = (more: Partial<ConnectSession>): SessionResult => ({
  kind: 'session',
  session: { ...SESSION, ...more },
});
