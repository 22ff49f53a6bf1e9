import { fireEvent, screen } from '@solidjs/testing-library';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { events, qrCode } from '../testing/events';
import { opened, renderConnect } from './testing/renderConnect';
import { session } from './testing/session';

const T0 = Date.parse('2026-11-24T12:00:00.000Z');
const flush = () => vi.advanceTimersByTimeAsync(0);
/** The page has exactly one `role="status"`. */
const status = () => {
  const all = screen.getAllByRole('status');
  expect(all).toHaveLength(1);
  return all[0]?.textContent;
};
const qrImage = () => screen.queryByRole<HTMLImageElement>('img', { name: 'QR code' });
/** End users never read the names of what runs behind the page. */
const expectNeutral = () => expect(document.body.textContent).not.toMatch(/wawp|gateway/i);
const typePhone = (value: string) =>
  fireEvent.input(screen.getByLabelText('Phone number'), { target: { value } });
const click = (name: string) => fireEvent.click(screen.getByRole('button', { name }));

describe('ConnectApp', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('is branded by the tenant: name, logo, accent colour and title', async () => {
    renderConnect();
    await flush();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Acme Support');
    expect(document.querySelector<HTMLImageElement>('.connect-logo')?.src).toContain(
      'data:image/png',
    );
    const root = document.querySelector<HTMLElement>('.connect');
    expect(root?.style.getPropertyValue('--accent')).toBe('#ff6600');
    expect(root?.style.getPropertyValue('--accent-text')).toBe('#000000');
    expect(screen.getByRole('link', { name: 'Contact support' }).getAttribute('href')).toBe(
      'https://acme.example/help',
    );
  });

  it('falls back to a neutral name without branding', async () => {
    const plain = session({
      branding: { displayName: null, logoDataUrl: null, accentColor: null, supportUrl: null },
    });
    const page = renderConnect({ open: { kind: 'session', session: plain } });
    await flush();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Connect WhatsApp');
    expect(page.setTitle).toHaveBeenLastCalledWith('Connect WhatsApp');
    expect(screen.queryByRole('link', { name: 'Contact support' })).toBeNull();
  });

  it('starts a STOPPED session and shows Preparing…', async () => {
    const page = renderConnect();
    await flush();
    expect(page.operations.find((op) => op.kind === 'subscription')?.variables).toEqual({
      instanceId: 'abc',
      after: null,
    });
    page.emit({ sessionEvents: events.snapshot('c1', 'STOPPED') });
    await flush();
    expect(status()).toBe('Preparing…');
    expect(page.mutations()).toEqual([
      { name: 'ConnectStartSession', variables: { instanceId: 'abc' } },
    ]);
    page.emit({ sessionEvents: events.status('c2', 'STARTING', 'STOPPED') });
    await flush();
    expect(status()).toBe('Preparing…');
    expect(page.mutations()).toHaveLength(1);
    expectNeutral();
  });

  it('shows the QR with its countdown and swaps it live on QrCodeUpdated', async () => {
    const page = renderConnect();
    await flush();
    page.emit({ sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }) });
    await flush();
    expect(status()).toBe('Scan the QR code with WhatsApp');
    expect(qrImage()?.src).toContain(btoa('A'));
    expect(screen.getByRole('timer').textContent).toBe('Expires in 60 s');
    page.emit({ sessionEvents: events.qr('c2', 'B', new Date(T0 + 20_000).toISOString()) });
    await flush();
    expect(qrImage()?.src).toContain(btoa('B'));
    expect(screen.getByRole('timer').textContent).toBe('Expires in 20 s');
    expectNeutral();
  });

  it('says a fresh code is coming while the QR refreshes, never an error', async () => {
    let refreshing = true;
    const page = renderConnect({
      answer: (name) =>
        name === 'ConnectQrCode' && !refreshing ? { data: { qrCode: qrCode('C') } } : undefined,
    });
    await flush();
    page.emit({
      sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }),
    });
    await flush();
    page.emit({ sessionEvents: events.qr('c2', 'B', new Date(T0 + 5_000).toISOString()) });
    await vi.advanceTimersByTimeAsync(7_000); // B expired; the query answers QR_REFRESHING
    expect(qrImage()).toBeNull();
    expect(screen.getByText('Generating a fresh code…')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    expect(page.operations.some((op) => op.kind === 'query')).toBe(true);
    refreshing = false;
    await vi.advanceTimersByTimeAsync(3_000); // retried after the wait
    expect(qrImage()?.src).toContain(btoa('C'));
    expectNeutral();
  });

  it('links by phone number: the code big and grouped, a copy button and the steps', async () => {
    const page = renderConnect();
    await flush();
    page.emit({ sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }) });
    await flush();
    click('Use a phone number instead');
    expect(status()).toBe('Link with your phone number');
    typePhone('+20 114 520 2826');
    click('Request pairing code');
    await flush();
    expect(page.mutations()).toContainEqual({
      name: 'ConnectRequestPairingCode',
      variables: { instanceId: 'abc', phoneNumber: '+20 114 520 2826' },
    });
    expect(screen.getByLabelText('Pairing code').textContent).toBe('WXYZ-2345');
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy();
    const steps = screen.getAllByRole('listitem').map((item) => item.textContent);
    expect(steps).toHaveLength(3);
    expect(steps.join(' ')).toMatch(
      /Linked devices.*Link with phone number instead.*Enter the code/,
    );
    expect(status()).toBe('Enter this code on your phone');
    expectNeutral();
  });

  it('says plainly when too many codes were requested', async () => {
    const page = renderConnect({
      answer: (name) =>
        name === 'ConnectRequestPairingCode'
          ? { error: { message: 'limit', code: 'RATE_LIMITED' } }
          : undefined,
    });
    await flush();
    page.emit({ sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }) });
    await flush();
    click('Use a phone number instead');
    typePhone('+20 114 520 2826');
    click('Request pairing code');
    await flush();
    expect(screen.getByRole('alert').textContent).toMatch(/Too many codes requested; wait a few/);
    expect(screen.queryByLabelText('Pairing code')).toBeNull();
    expectNeutral();
  });

  it('offers the phone number from the first screen and sends it once SCAN_QR_CODE', async () => {
    const page = renderConnect();
    await flush();
    page.emit({ sessionEvents: events.snapshot('c1', 'STARTING') });
    await flush();
    click('Use a phone number instead');
    typePhone('+20 114 520 2826');
    click('Request pairing code');
    await flush();
    expect(page.mutations()).toEqual([]);
    expect(status()).toBe('Preparing…');
    page.emit({ sessionEvents: events.status('c2', 'SCAN_QR_CODE', 'STARTING') });
    await flush();
    expect(page.mutations().map((m) => m.name)).toEqual(['ConnectRequestPairingCode']);
    expect(screen.getByLabelText('Pairing code').textContent).toBe('WXYZ-2345');
  });

  it('WORKING: "Connected as …", then back to the return URL after 3 s', async () => {
    const page = renderConnect();
    await flush();
    page.emit({ sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }) });
    page.emit({ sessionEvents: events.authenticated('c2', 'Ada') });
    page.emit({ sessionEvents: events.status('c3', 'WORKING', 'SCAN_QR_CODE') });
    await flush();
    expect(status()).toBe('Connected as Ada');
    expect(page.onConnected).toHaveBeenCalledExactlyOnceWith({
      instanceId: 'abc',
      pushName: 'Ada',
    });
    const target = 'https://app.example/done?from=sms&status=connected&instance=abc#top';
    expect(screen.getByRole('link', { name: 'Continue now' }).getAttribute('href')).toBe(target);
    await vi.advanceTimersByTimeAsync(2_900);
    expect(page.redirect).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(100);
    expect(page.redirect).toHaveBeenCalledExactlyOnceWith(target);
    // the server then ends the stream (the link is used): the success screen stays
    page.endStream();
    await flush();
    expect(status()).toBe('Connected as Ada');
    expectNeutral();
  });

  it('keeps the success screen when the stream ends right after WORKING, before the name', async () => {
    const page = renderConnect({ recheck: opened({ state: 'used' }) });
    await flush();
    page.emit({ sessionEvents: events.status('c1', 'WORKING', 'SCAN_QR_CODE') });
    page.endStream();
    await flush();
    expect(page.recheck).not.toHaveBeenCalled();
    expect(status()).toBe('Connected');
    page.emit({ sessionEvents: events.authenticated('c2', 'Ada') });
    await flush();
    expect(status()).toBe('Connected as Ada');
    expect(page.onConnected).toHaveBeenCalledExactlyOnceWith({
      instanceId: 'abc',
      pushName: 'Ada',
    });
    expect(page.onEnded).not.toHaveBeenCalled();
  });

  it('does not redirect without a return URL', async () => {
    const page = renderConnect({ open: opened({ returnUrl: null }) });
    await flush();
    page.emit({ sessionEvents: events.snapshot('c1', 'WORKING') });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(status()).toBe('Connected');
    expect(screen.getByText(/You can close this page/)).toBeTruthy();
    expect(page.redirect).not.toHaveBeenCalled();
  });

  it('re-checks the link when the server ends the stream and shows why', async () => {
    const page = renderConnect({ recheck: opened({ state: 'revoked' }) });
    await flush();
    page.emit({ sessionEvents: events.snapshot('c1', 'SCAN_QR_CODE', { qr: 'A' }) });
    await flush();
    page.endStream();
    await flush();
    expect(page.recheck).toHaveBeenCalledOnce();
    expect(status()).toBe('This link is no longer valid');
    expect(qrImage()).toBeNull();
    expect(page.onEnded).toHaveBeenCalledWith('revoked');
  });

  it.each([
    ['expired', 'This link has expired', /Ask Acme Support for a new link/],
    ['revoked', 'This link is no longer valid', /Ask Acme Support for a new link/],
    ['used', 'This link was already used: your WhatsApp is connected', /nothing more to do/],
  ] as const)('shows the %s page with the support link', async (state, title, body) => {
    const page = renderConnect({ open: opened({ state }) });
    await flush();
    expect(status()).toBe(title);
    expect(screen.getByText(body)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Contact support' })).toBeTruthy();
    expect(page.operations).toEqual([]); // no stream for an ended link
    expect(page.onEnded).toHaveBeenCalledWith(state);
    expectNeutral();
  });

  it('shows the unknown-link page, with the support link once the tenant is known', async () => {
    renderConnect({ open: { kind: 'unknown' } });
    await flush();
    expect(status()).toBe('This link is not valid');
    expect(screen.queryByRole('link', { name: 'Contact support' })).toBeNull();
    expectNeutral();
  });

  it('keeps the tenant’s support link when the link turns unknown later', async () => {
    const page = renderConnect({ recheck: { kind: 'unknown' } });
    await flush();
    page.endStream();
    await flush();
    expect(status()).toBe('This link is not valid');
    expect(screen.getByRole('link', { name: 'Contact support' })).toBeTruthy();
  });

  it('shows the server’s refusal and reports it', async () => {
    const page = renderConnect({ open: { kind: 'refused', message: 'Origin not allowed' } });
    await flush();
    expect(status()).toBe('Origin not allowed');
    expect(page.onError).toHaveBeenCalledWith('Origin not allowed');
  });
});
