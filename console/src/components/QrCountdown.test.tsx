import { fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeFragmentData } from '../gql';
import { qrCode } from '../testing/events';
import { QrCountdown, QrCountdown_qrCode } from './QrCountdown';

const T0 = Date.parse('2026-11-24T12:00:00.000Z');
const code = (value: string, expiresInMs: number) =>
  makeFragmentData(
    qrCode(value, new Date(Date.now() + expiresInMs).toISOString()),
    QrCountdown_qrCode,
  );
const image = () => screen.getByRole<HTMLImageElement>('img', { name: 'QR code' });
const ring = () => document.querySelector('.qr-ring-left')?.getAttribute('data-fraction');
const timer = () => screen.getByRole('timer').textContent;

describe('QrCountdown', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('follows the code’s real expiresAt', () => {
    const qr = code('A', 20_000); // props are getters: build the code once, outside JSX
    render(() => <QrCountdown qrCode={qr} onRestart={() => {}} />);
    expect(image().src).toContain(btoa('A'));
    expect([timer(), ring()]).toEqual(['Expires in 20 s', '1.000']);
    vi.advanceTimersByTime(5_000);
    expect([timer(), ring()]).toEqual(['Expires in 15 s', '0.750']);
    vi.advanceTimersByTime(10_000);
    expect([timer(), ring()]).toEqual(['Expires in 5 s', '0.250']);
  });

  it('swaps the image the moment a new code arrives and restarts the ring', () => {
    const [qr, setQr] = createSignal(code('A', 20_000));
    render(() => <QrCountdown qrCode={qr()} onRestart={() => {}} />);
    vi.advanceTimersByTime(15_000);
    expect(ring()).toBe('0.250');
    setQr(code('B', 40_000)); // no timer tick in between
    expect(image().src).toContain(btoa('B'));
    expect([timer(), ring()]).toEqual(['Expires in 40 s', '1.000']);
    vi.advanceTimersByTime(10_000);
    expect([timer(), ring()]).toEqual(['Expires in 30 s', '0.750']);
  });

  it('says a fresh code is coming after expiry, then shows the expired state with Restart', () => {
    const onRestart = vi.fn();
    const qr = code('A', 20_000);
    render(() => <QrCountdown qrCode={qr} graceMs={10_000} onRestart={onRestart} />);
    vi.advanceTimersByTime(20_000);
    expect(screen.queryByRole('img', { name: 'QR code' })).toBeNull(); // never show a stale code
    expect(screen.getByText('Generating fresh code…')).toBeTruthy();
    vi.advanceTimersByTime(10_000);
    expect(screen.getByText('This QR code expired.')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Restart' }));
    expect(onRestart).toHaveBeenCalledOnce();
  });

  it('shows the expired state at once when the last code is exhausted, and waits without a code', () => {
    const [exhausted, setExhausted] = createSignal(false);
    const [qr, setQr] = createSignal<ReturnType<typeof code> | null>(null);
    render(() => <QrCountdown qrCode={qr()} exhausted={exhausted()} onRestart={() => {}} />);
    expect(screen.getByText('Generating fresh code…')).toBeTruthy();
    setQr(code('A', 60_000));
    expect(image()).toBeTruthy();
    setExhausted(true);
    expect(screen.queryByRole('img', { name: 'QR code' })).toBeNull();
    expect(screen.getByRole('button', { name: 'Restart' })).toBeTruthy();
  });
});
