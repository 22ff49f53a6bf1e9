import { fireEvent, render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it, vi } from 'vitest';
import { PairingCodeForm } from './PairingCodeForm';

const phone = () => screen.getByLabelText<HTMLInputElement>('Phone number');
const submit = () => fireEvent.click(screen.getByRole('button', { name: 'Request pairing code' }));
const type = (value: string) => fireEvent.input(phone(), { target: { value } });

describe('PairingCodeForm', () => {
  it('says why a bad number is refused and does not call the handler', () => {
    const onRequest = vi.fn();
    render(() => <PairingCodeForm code={null} onRequest={onRequest} />);
    submit();
    expect(screen.getByText('Enter the phone number of the WhatsApp account.')).toBeTruthy();
    expect(phone().getAttribute('aria-invalid')).toBe('true');
    type('+20 11a 520');
    submit();
    expect(screen.getByText(/digits only/)).toBeTruthy();
    type('0114 520 2826');
    submit();
    expect(screen.getByText(/Start with the country code/)).toBeTruthy();
    type('+20 114');
    submit();
    expect(screen.getByText(/Too short/)).toBeTruthy();
    expect(onRequest).not.toHaveBeenCalled();
  });

  it('calls the handler with the number as typed and clears the problem', () => {
    const onRequest = vi.fn();
    render(() => <PairingCodeForm code={null} onRequest={onRequest} />);
    submit();
    type('+20 114 520 2826');
    submit();
    expect(onRequest).toHaveBeenCalledExactlyOnceWith('+20 114 520 2826');
    expect(phone().getAttribute('aria-invalid')).toBe('false');
    expect(screen.queryByText(/Enter the phone number/)).toBeNull();
  });

  it('shows the code large and grouped XXXX-XXXX, with copy and instructions', () => {
    const [code, setCode] = createSignal<string | null>(null);
    render(() => (
      <PairingCodeForm
        code={code()}
        error="Too many requests. Try again shortly."
        onRequest={() => {}}
      />
    ));
    expect(screen.queryByLabelText('Pairing code')).toBeNull();
    expect(screen.getByRole('alert').textContent).toBe('Too many requests. Try again shortly.');
    setCode('wxyz2345');
    expect(screen.getByLabelText('Pairing code').textContent).toBe('WXYZ-2345');
    expect(screen.getByRole('button', { name: 'Copy code' })).toBeTruthy();
    expect(screen.getByText(/Link with phone number instead/)).toBeTruthy();
  });
});
