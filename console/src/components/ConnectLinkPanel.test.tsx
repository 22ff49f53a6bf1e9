import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { Provider } from '@urql/solid';
import { describe, expect, it, vi } from 'vitest';
import { createConnectLinks } from '../lib/connectLinks';
import { createFakeClient, type FakeAnswer } from '../testing/fakeClient';
import { ConnectLinkPanel } from './ConnectLinkPanel';

const URL_OF_LINK = 'https://gw.example/connect/tok_secret';
const soon = () => new Date(Date.now() + 30 * 60_000).toISOString();
interface Link {
  id: string;
  instanceId: string;
  url: string | null;
  createdAt: string;
  expiresAt: string;
  usedAt: string | null;
  revokedAt: string | null;
}
const link = (id: string, more: Partial<Link> = {}): Link => ({
  id,
  instanceId: 'abc',
  url: null,
  createdAt: '2026-11-24T12:00:00.000Z',
  expiresAt: soon(),
  usedAt: null,
  revokedAt: null,
  ...more,
});

function renderPanel(
  override?: (name: string, v: Record<string, unknown>) => FakeAnswer | undefined,
) {
  let listed = [link('l1'), link('l0', { usedAt: '2026-11-24T12:05:00.000Z' })];
  const fake = createFakeClient((name, variables) => {
    const custom = override?.(name, variables);
    if (custom) {
      return custom;
    }
    switch (name) {
      case 'ConnectLinks':
        return { data: { connectLinks: listed } };
      case 'CreateConnectLink':
        listed = [link('l2'), ...listed];
        return { data: { createConnectLink: { ...link('l2'), url: URL_OF_LINK } } };
      case 'RevokeConnectLinks':
        listed = listed.map((l) => (l.usedAt ? l : { ...l, revokedAt: new Date().toISOString() }));
        return { data: { revokeConnectLinks: 2 } };
      default:
        return { error: { message: 'nope', code: 'FORBIDDEN' } };
    }
  });
  const Panel = () => {
    const links = createConnectLinks(() => 'abc');
    return <ConnectLinkPanel links={links} />;
  };
  render(() => (
    <Provider value={fake.client}>
      <Panel />
    </Provider>
  ));
  return fake;
}

const mutations = (fake: ReturnType<typeof createFakeClient>) =>
  fake.operations.filter((op) => op.kind === 'mutation');

describe('ConnectLinkPanel', () => {
  it('creates a link and shows its URL once, with a copy button and a QR of it', async () => {
    const writeText = vi.fn(async () => {});
    Object.assign(navigator, { clipboard: { writeText } });
    const fake = renderPanel();
    const states = await screen.findAllByText(/^(active|used|revoked|expired)$/);
    expect(states.map((s) => s.textContent)).toEqual(['active', 'used']);

    fireEvent.input(screen.getByLabelText('Lifetime (minutes)'), { target: { value: '60' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create connect link' }));
    const created = await screen.findByRole('group', { name: 'New connect link' });
    expect(within(created).getByText(URL_OF_LINK)).toBeTruthy();
    expect(mutations(fake)[0]?.variables).toEqual({
      instanceId: 'abc',
      ttlMinutes: 60,
      returnUrl: null,
    });
    const qr = await within(created).findByRole<HTMLImageElement>('img', {
      name: 'QR code of the connect link',
    });
    expect(qr.src).toMatch(/^data:image\/svg\+xml/);
    fireEvent.click(within(created).getByRole('button', { name: 'Copy link' }));
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(URL_OF_LINK));
    await waitFor(() => expect(screen.getAllByText('active')).toHaveLength(2));
  });

  it('checks the lifetime, and shows the gateway’s reason beside the field it names', async () => {
    const fake = renderPanel((name) =>
      name === 'CreateConnectLink'
        ? {
            error: {
              message: 'returnUrl must be on an allowed return origin of the tenant.',
              code: 'BAD_USER_INPUT',
              field: 'returnUrl',
            },
          }
        : undefined,
    );
    const ttl = await screen.findByLabelText('Lifetime (minutes)');
    fireEvent.input(ttl, { target: { value: '2' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create connect link' }));
    expect(screen.getByText(/from 5 to 1440/).id).toBe('link-ttl-problem');
    expect(ttl.getAttribute('aria-invalid')).toBe('true');
    expect(mutations(fake)).toHaveLength(0);

    fireEvent.input(ttl, { target: { value: '30' } });
    const returnUrl = screen.getByLabelText('Return URL (optional)');
    fireEvent.input(returnUrl, { target: { value: 'https://evil.example/x' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create connect link' }));
    await waitFor(() =>
      expect(document.getElementById('link-return-problem')?.textContent).toBe(
        'Must be on an allowed return origin of the tenant.',
      ),
    );
    expect(returnUrl.getAttribute('aria-invalid')).toBe('true');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('asks before revoking all links: an alertdialog with focus, Escape cancels', async () => {
    const fake = renderPanel();
    const revoke = await screen.findByRole('button', { name: 'Revoke all' });
    revoke.focus();
    fireEvent.click(revoke);
    const dialog = screen.getByRole('alertdialog');
    expect(dialog.contains(document.activeElement)).toBe(true);
    expect(document.activeElement?.textContent).toBe('Revoke all links');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(revoke);
    expect(mutations(fake)).toHaveLength(0);

    fireEvent.click(revoke);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke all links' }));
    await screen.findByText('2 links revoked.');
    expect(mutations(fake)[0]?.variables).toEqual({ instanceId: 'abc' });
    await waitFor(() =>
      expect(screen.getAllByText(/^(active|used|revoked)$/).map((s) => s.textContent)).toEqual([
        'revoked',
        'used',
      ]),
    );
  });
});
