import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { KeySwitchDialog } from './KeySwitchDialog';

const renderDialog = () => {
  const onSwitch = vi.fn();
  const onKeep = vi.fn();
  render(() => (
    <KeySwitchDialog
      current="wga_aaaa…1111"
      incoming="wga_bbbb…2222"
      onSwitch={onSwitch}
      onKeep={onKeep}
    />
  ));
  return { onSwitch, onKeep, dialog: screen.getByRole('alertdialog') };
};

describe('KeySwitchDialog', () => {
  it('is a labelled modal alertdialog naming both keys, masked', () => {
    const { dialog } = renderDialog();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    const title = document.getElementById(dialog.getAttribute('aria-labelledby') ?? '');
    expect(title?.textContent).toBe('Switch to another key?');
    const text = document.getElementById(dialog.getAttribute('aria-describedby') ?? '');
    expect(text?.textContent).toContain('wga_bbbb…2222');
    expect(text?.textContent).toContain('wga_aaaa…1111');
  });

  it('focuses "Keep current key", the safe answer', () => {
    renderDialog();
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Keep current key' }));
  });

  it('"Switch key" switches, "Keep current key" and Escape keep', () => {
    const { onSwitch, onKeep, dialog } = renderDialog();
    fireEvent.click(screen.getByRole('button', { name: 'Switch key' }));
    expect(onSwitch).toHaveBeenCalledOnce();
    fireEvent.click(screen.getByRole('button', { name: 'Keep current key' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onKeep).toHaveBeenCalledTimes(2);
    expect(onSwitch).toHaveBeenCalledOnce();
  });

  it('keeps Tab inside the dialog', () => {
    const { dialog } = renderDialog();
    const keep = screen.getByRole('button', { name: 'Keep current key' });
    const change = screen.getByRole('button', { name: 'Switch key' });
    change.focus();
    fireEvent.keyDown(dialog, { key: 'Tab' });
    expect(document.activeElement).toBe(keep);
    fireEvent.keyDown(dialog, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(change);
  });
});
