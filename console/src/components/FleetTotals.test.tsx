import { render, screen } from '@solidjs/testing-library';
import { createSignal } from 'solid-js';
import { describe, expect, it } from 'vitest';
import type { SessionStatus } from '../gql/graphql';
import { FleetTotals } from './FleetTotals';

describe('FleetTotals', () => {
  it('follows the live rows', () => {
    const [rows, setRows] = createSignal<{ status: SessionStatus }[]>([
      { status: 'WORKING' },
      { status: 'SCAN_QR_CODE' },
      { status: 'STOPPED' },
    ]);
    render(() => <FleetTotals rows={rows()} />);
    const line = () => document.querySelector('.fleet-totals')?.textContent;
    expect(line()).toBe('Instances by status: 1 WORKING · 1 SCAN_QR_CODE · 1 STOPPED');
    setRows([{ status: 'WORKING' }, { status: 'WORKING' }, { status: 'STOPPED' }]);
    expect(screen.getByText(/2 WORKING · 1 STOPPED/)).toBeTruthy();
  });
});
