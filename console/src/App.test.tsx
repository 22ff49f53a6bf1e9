import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { App } from './App';
import { KEY_STORAGE_SLOT } from './lib/auth';
import { createFakeClient } from './testing/fakeClient';

// the signed-in tree talks to a fake client: no fetch, no socket
vi.mock('./lib/urql', () => ({
  createUrqlClient: () => ({
    client: createFakeClient(() => ({ error: { message: 'nope', code: 'FORBIDDEN' } })).client,
    dispose: () => {},
  }),
}));

const CURRENT = 'wga_currentKey0123456789abcdefXYZ1';
const LINKED = 'wga_linkedKey0123456789abcdefXYZ22';
const config = { httpUrl: 'http://gateway.test/graphql', wsUrl: 'ws://gateway.test/graphql' };

function renderApp(linkKey: string | null) {
  const storage = window.sessionStorage;
  render(() => (
    <App config={config} storage={storage} themeStorage={window.localStorage} linkKey={linkKey} />
  ));
  return storage;
}

describe('opening a #key= link while signed in with another key', () => {
  beforeEach(() => {
    window.sessionStorage.clear();
    window.history.replaceState(null, '', '/');
  });

  it('asks first, and "Keep current key" keeps it', async () => {
    window.sessionStorage.setItem(KEY_STORAGE_SLOT, CURRENT);
    const storage = renderApp(LINKED);
    const dialog = await screen.findByRole('alertdialog', { name: 'Switch to another key?' });
    expect(dialog.textContent).toContain('wga_link…YZ22');
    expect(dialog.textContent).toContain('wga_curr…XYZ1');
    expect(dialog.textContent).not.toContain(LINKED);
    expect(storage.getItem(KEY_STORAGE_SLOT)).toBe(CURRENT);
    fireEvent.click(screen.getByRole('button', { name: 'Keep current key' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(storage.getItem(KEY_STORAGE_SLOT)).toBe(CURRENT);
  });

  it('"Switch key" signs in with the link\'s key', async () => {
    window.sessionStorage.setItem(KEY_STORAGE_SLOT, CURRENT);
    const storage = renderApp(LINKED);
    fireEvent.click(await screen.findByRole('button', { name: 'Switch key' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(storage.getItem(KEY_STORAGE_SLOT)).toBe(LINKED);
  });

  it('asks too for a link opened in this tab later (only the fragment changes)', async () => {
    window.sessionStorage.setItem(KEY_STORAGE_SLOT, CURRENT);
    const storage = renderApp(null);
    expect(screen.queryByRole('alertdialog')).toBeNull();
    window.history.replaceState(null, '', `/#key=${LINKED}`);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await screen.findByRole('alertdialog');
    // the key left the address bar at once, whatever the answer
    expect(window.location.hash).toBe('');
    expect(storage.getItem(KEY_STORAGE_SLOT)).toBe(CURRENT);
  });

  it('signs in without asking when nobody is signed in', async () => {
    const storage = renderApp(LINKED);
    await waitFor(() => expect(storage.getItem(KEY_STORAGE_SLOT)).toBe(LINKED));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(screen.queryByLabelText('Gateway key')).toBeNull();
  });
});
