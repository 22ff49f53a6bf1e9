import { fireEvent, render, screen } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { EMPTY_BRANDING_DATA } from '../testing/branding';
import { TenantCard } from './TenantCard';

const tenant = {
  id: 't1',
  name: 'Acme',
  instances: [],
  apiKeys: [{ id: 'k1', prefix: 'wgk_ab12', createdAt: '2026-11-24T12:00:00.000Z' }],
  branding: EMPTY_BRANDING_DATA,
};

describe('TenantCard', () => {
  it('asks before revoking a key, in an alertdialog that takes and gives back focus', () => {
    const onRevoke = vi.fn();
    render(() => (
      <TenantCard
        tenant={tenant}
        issuedKey={null}
        busy={false}
        onIssueKey={() => {}}
        onRevoke={onRevoke}
        brandingBusy={false}
        onSaveBranding={async () => ({ ok: true, data: { branding: EMPTY_BRANDING_DATA } })}
      />
    ));
    const revoke = screen.getByRole('button', { name: 'Revoke key wgk_ab12' });
    fireEvent.click(revoke);
    const dialog = screen.getByRole('alertdialog', { name: /Revoke key wgk_ab12…\?/ });
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Revoke key' }));
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(document.activeElement).toBe(revoke);
    expect(onRevoke).not.toHaveBeenCalled();
    fireEvent.click(revoke);
    fireEvent.click(screen.getByRole('button', { name: 'Revoke key' }));
    expect(onRevoke).toHaveBeenCalledExactlyOnceWith('k1');
  });
});
