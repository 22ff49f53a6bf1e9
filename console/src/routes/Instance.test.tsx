import { createMemoryHistory, MemoryRouter, Route } from '@solidjs/router';
import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { Provider } from '@urql/solid';
import { ErrorCode } from '@wawp-gateway/schema/protocol';
import { describe, expect, it } from 'vitest';
import { ConnectionContext, createConnectionTracker } from '../lib/connection';
import { ERROR_MESSAGES } from '../lib/errors';
import { events } from '../testing/events';
import { createFakeClient, type FakeAnswer } from '../testing/fakeClient';
import { InstanceScreen } from './Instance';

const session = {
  status: 'STOPPED',
  observedAt: '2026-11-24T12:00:00.000Z',
  stale: false,
  me: null,
};
const answer = (name: string, variables: Record<string, unknown>): FakeAnswer => {
  switch (name) {
    case 'Instance':
      return {
        data: {
          instance: {
            instanceId: variables.instanceId,
            label: 'Support line',
            externalRef: 'user-42',
            tenantId: null,
            session,
          },
        },
      };
    case 'Viewer':
      return { data: { viewer: { role: 'TENANT', tenantId: 't1' } } };
    case 'Screenshot':
      return { data: { screenshot: null } };
    case 'ConnectLinks':
      return { data: { connectLinks: [] } };
    case 'StartSession':
      return {
        data: {
          startSession: { instanceId: 'abc', status: 'STARTING', observedAt: session.observedAt },
        },
      };
    case 'RequestPairingCode':
      return { data: { requestPairingCode: { code: 'WXYZ2345', expiresAt: null } } };
    default:
      return { error: { message: 'nope', code: 'FORBIDDEN' } };
  }
};

function renderInstance(override?: (name: string) => FakeAnswer | undefined) {
  const fake = createFakeClient((name, variables) => override?.(name) ?? answer(name, variables));
  const history = createMemoryHistory();
  history.set({ value: '/instances/abc' });
  render(() => (
    <Provider value={fake.client}>
      <ConnectionContext.Provider value={createConnectionTracker()}>
        <MemoryRouter history={history}>
          <Route path="/instances/:id" component={InstanceScreen} />
        </MemoryRouter>
      </ConnectionContext.Provider>
    </Provider>
  ));
  return fake;
}

/** The Instance screen has exactly one `role="status"`: the session status. */
const status = () => {
  const all = screen.getAllByRole('status');
  expect(all).toHaveLength(1);
  return all[0]?.textContent;
};
const opName = (op: { query: { definitions: readonly unknown[] } }) =>
  (op.query.definitions[0] as { name?: { value: string } }).name?.value;
const names = (fake: ReturnType<typeof createFakeClient>) =>
  fake.operations
    .filter((op) => op.kind === 'mutation')
    .map((op) => [op.query.definitions[0], op.variables]);

describe('Instance screen, driven by sessionEvents', () => {
  it('walks STOPPED -> QR -> rotated QR -> pairing code -> WORKING with one status element', async () => {
    const fake = renderInstance();
    fireEvent.click(await screen.findByRole('button', { name: 'Start session' }));
    expect(status()).toContain('STOPPED');
    expect(names(fake)).toHaveLength(1);
    expect(fake.operations.find((op) => op.kind === 'subscription')?.variables).toEqual({
      instanceId: 'abc',
      after: null,
    });

    fake.emit({ sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'QR-A' }) });
    expect(status()).toContain('SCAN_QR_CODE');
    expect(screen.getByRole<HTMLImageElement>('img', { name: 'QR code' }).src).toContain(
      btoa('QR-A'),
    );
    fake.emit({
      sessionEvents: events.qr('c2', 'QR-B', new Date(Date.now() + 20_000).toISOString()),
    });
    expect(screen.getByRole<HTMLImageElement>('img', { name: 'QR code' }).src).toContain(
      btoa('QR-B'),
    );

    fireEvent.click(screen.getByRole('tab', { name: 'Pairing code' }));
    fireEvent.input(screen.getByLabelText('Phone number'), {
      target: { value: '+20 114 520 2826' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Request pairing code' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Pairing code').textContent).toBe('WXYZ-2345'),
    );
    expect(fake.operations.at(-1)?.variables).toEqual({
      instanceId: 'abc',
      phoneNumber: '+20 114 520 2826',
    });

    fake.emit({ sessionEvents: events.status('c3', 'WORKING', 'SCAN_QR_CODE') });
    fake.emit({ sessionEvents: events.authenticated('c4', 'Alaa Shop') });
    fake.emit({ sessionEvents: events.authenticated('c4', 'Alaa Shop') }); // redelivered
    expect(status()).toContain('WORKING');
    expect(screen.getByText('Alaa Shop')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Restart' })).toBeTruthy();
    expect(within(screen.getByRole('log')).getAllByRole('listitem')).toHaveLength(4);
  });

  it('offers the recommended recovery when FAILED, and asks before logging out', async () => {
    const fake = renderInstance();
    await screen.findByRole('button', { name: 'Start session' });
    fake.emit({ sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'QR-A' }) });
    fake.emit({ sessionEvents: events.status('c2', 'FAILED', 'SCAN_QR_CODE') });
    expect(status()).toContain('FAILED');
    expect(screen.getByText(/last QR code expired/)).toBeTruthy();
    expect(screen.getAllByRole('button', { name: 'Restart' })).toHaveLength(1);
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }));
    const dialog = screen.getByRole('alertdialog');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(fake.operations.some((op) => op.kind === 'mutation')).toBe(false);
  });

  it('says why a command failed, from the error table, and lets it be tried again', async () => {
    renderInstance((name) =>
      name === 'StartSession'
        ? { error: { message: 'not now', code: ErrorCode.SessionNotReady } }
        : undefined,
    );
    const start = await screen.findByRole<HTMLButtonElement>('button', { name: 'Start session' });
    fireEvent.click(start);
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toBe(
        ERROR_MESSAGES[ErrorCode.SessionNotReady]({}),
      ),
    );
    expect(start.disabled).toBe(false);
  });

  it('offers the pairing-code path while STOPPED: requesting a code starts the session', async () => {
    const fake = renderInstance();
    await screen.findByRole('button', { name: 'Start session' });
    expect(screen.getByRole('heading', { name: 'Or link without scanning' })).toBeTruthy();
    fireEvent.input(screen.getByLabelText('Phone number'), {
      target: { value: '+20 114 520 2826' },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Request pairing code' }));
    await waitFor(() =>
      expect(screen.getByLabelText('Pairing code').textContent).toBe('WXYZ-2345'),
    );
    expect(names(fake)).toHaveLength(1);
    expect(fake.operations.at(-1)?.variables).toEqual({
      instanceId: 'abc',
      phoneNumber: '+20 114 520 2826',
    });
    // the session moves on by itself, and the code stays in view on the pairing tab
    fake.emit({ sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'QR-A' }) });
    expect(screen.getByRole('tab', { name: 'Pairing code' }).getAttribute('aria-selected')).toBe(
      'true',
    );
    expect(screen.getByLabelText('Pairing code').textContent).toBe('WXYZ-2345');
  });

  it('takes a new engine screenshot whenever the live status changes', async () => {
    const fake = renderInstance();
    const shots = () =>
      fake.operations.filter((op) => op.kind === 'query' && opName(op) === 'Screenshot');
    await waitFor(() => expect(shots()).toHaveLength(1));
    fake.emit({ sessionEvents: events.snapshot('c1', 'STOPPED') });
    expect(shots()).toHaveLength(1); // the same status: no new screenshot
    fake.emit({ sessionEvents: events.status('c2', 'SCAN_QR_CODE', 'STOPPED') });
    fake.emit({ sessionEvents: events.qr('c3', 'QR-B') }); // a new QR, still SCAN_QR_CODE
    expect(shots()).toHaveLength(2);
    fake.emit({ sessionEvents: events.status('c4', 'WORKING', 'SCAN_QR_CODE') });
    expect(shots()).toHaveLength(3);
  });

  it('shows the external ref and offers a connect link to share', async () => {
    renderInstance();
    expect((await screen.findByText('user-42')).tagName).toBe('CODE');
    expect(screen.getByRole('region', { name: 'Share connect link' })).toBeTruthy();
    expect(await screen.findByText('No links made yet.')).toBeTruthy();
  });
});
