import { fireEvent, render, screen, waitFor } from '@solidjs/testing-library';
import { ErrorCode } from '@wawp-gateway/schema/protocol';
import { describe, expect, it, vi } from 'vitest';
import type { TenantBrandingData } from '../lib/brandingDraft';
import type { CommandResult } from '../lib/createCommand';
import { EMPTY_BRANDING_DATA } from '../testing/branding';
import { BrandingForm } from './BrandingForm';

const preview = () => document.querySelector<HTMLElement>('.branding-preview .connect');
const field = (label: string) => screen.getByLabelText<HTMLInputElement>(label);
const save = () => fireEvent.click(screen.getByRole('button', { name: 'Save branding' }));
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

type OnSave = (input: unknown) => Promise<CommandResult<{ branding: TenantBrandingData }>>;

function renderForm(
  onSave = vi.fn<OnSave>(async () => ({ ok: true, data: { branding: EMPTY_BRANDING_DATA } })),
) {
  render(() => <BrandingForm branding={EMPTY_BRANDING_DATA} busy={false} onSave={onSave} />);
  return onSave;
}

describe('BrandingForm', () => {
  it('updates the preview of the end user’s page as the admin types', async () => {
    renderForm();
    expect(preview()?.querySelector('h1')?.textContent).toBe('Connect WhatsApp');
    fireEvent.input(field('Display name'), { target: { value: 'Acme Support' } });
    expect(preview()?.querySelector('h1')?.textContent).toBe('Acme Support');
    fireEvent.input(field('Accent colour'), { target: { value: '#FFCC00' } });
    expect(preview()?.style.getPropertyValue('--accent')).toBe('#FFCC00');
    expect(preview()?.style.getPropertyValue('--accent-text')).toBe('#000000');
    fireEvent.input(field('Support URL'), { target: { value: 'https://help.acme.example' } });
    expect(preview()?.querySelector<HTMLAnchorElement>('.connect-support a')?.href).toBe(
      'https://help.acme.example/',
    );
    const logo = new File([PNG], 'logo.png', { type: 'image/png' });
    fireEvent.change(field('Logo'), { target: { files: [logo] } });
    await waitFor(() =>
      expect(preview()?.querySelector<HTMLImageElement>('.connect-logo')?.src).toMatch(
        /^data:image\/png;base64,/,
      ),
    );
    expect(screen.getByText('Scan the QR code with WhatsApp')).toBeTruthy();
  });

  it('refuses a bad colour and a too-large or wrong-type logo before saving', async () => {
    const onSave = renderForm();
    fireEvent.input(field('Accent colour'), { target: { value: 'teal' } });
    expect(preview()?.style.getPropertyValue('--accent')).toBe('');
    save();
    expect(field('Accent colour').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText(/Write the colour as #RRGGBB/)).toBeTruthy();
    expect(onSave).not.toHaveBeenCalled();

    const big = new File([new Uint8Array(64 * 1024 + 1)], 'big.png', { type: 'image/png' });
    fireEvent.change(field('Logo'), { target: { files: [big] } });
    await screen.findByText(/at most 64 KiB \(this one is 65 KiB\)/);
    expect(field('Logo').getAttribute('aria-invalid')).toBe('true');
    const gif = new File([new Uint8Array(10)], 'logo.gif', { type: 'image/gif' });
    fireEvent.change(field('Logo'), { target: { files: [gif] } });
    await screen.findByText('Choose a PNG, JPEG or WebP image.');
    expect(preview()?.querySelector('.connect-logo')).toBeNull();
  });

  it('saves the whole branding, origins one per line, and shows the gateway’s field errors inline', async () => {
    const onSave = vi.fn<OnSave>(async () => ({
      ok: false,
      message: 'allowedEmbedOrigins must be an origin such as https://app.example.com.',
      field: {
        name: 'allowedEmbedOrigins',
        code: ErrorCode.BadUserInput,
        message: 'Must be an origin such as https://app.example.com.',
      },
    }));
    renderForm(onSave);
    fireEvent.input(field('Display name'), { target: { value: ' Acme ' } });
    fireEvent.input(field('Accent colour'), { target: { value: '#0B7A55' } });
    fireEvent.input(field('Allowed return origins'), {
      target: { value: 'https://app.acme.example\n\n https://www.acme.example \n' },
    });
    fireEvent.input(field('Allowed embed origins'), {
      target: { value: 'https://app.acme.example/path' },
    });
    save();
    await waitFor(() => expect(onSave).toHaveBeenCalledOnce());
    expect(onSave).toHaveBeenCalledWith({
      displayName: 'Acme',
      logoDataUrl: null,
      accentColor: '#0B7A55',
      supportUrl: null,
      allowedReturnOrigins: ['https://app.acme.example', 'https://www.acme.example'],
      allowedEmbedOrigins: ['https://app.acme.example/path'],
    });
    await waitFor(() =>
      expect(field('Allowed embed origins').getAttribute('aria-invalid')).toBe('true'),
    );
    const problem = screen.getByText('Must be an origin such as https://app.example.com.');
    expect(field('Allowed embed origins').getAttribute('aria-describedby')).toContain(problem.id);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
