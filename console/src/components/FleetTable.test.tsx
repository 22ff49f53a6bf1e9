import { Route, Router } from '@solidjs/router';
import { render, screen } from '@solidjs/testing-library';
import { describe, expect, it } from 'vitest';
import type { FleetRow } from '../lib/fleetRows';
import { FleetTable } from './FleetTable';

const row = (instanceId: string, tenantId: string | null, externalRef?: string): FleetRow => ({
  instanceId,
  label: `Line ${instanceId}`,
  externalRef: externalRef ?? null,
  tenantId,
  status: 'WORKING',
  accountName: 'Ada',
  changedAt: '2026-11-24T10:00:00.000Z',
  stale: false,
});

const renderTable = (rows: FleetRow[], tenantName?: (id: string) => string | undefined) =>
  render(() => (
    <Router>
      <Route
        path="*"
        component={() => (
          <FleetTable
            rows={rows}
            tenantName={tenantName}
            selected={new Set()}
            loading={false}
            onToggle={() => {}}
            onToggleAll={() => {}}
          />
        )}
      />
    </Router>
  ));
const cells = (label: string) =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((tr) => tr.querySelector(`[data-label="${label}"]`)?.textContent?.trim());

describe('FleetTable', () => {
  it('has an External ref column: the integrator’s id, or a dash', () => {
    renderTable([row('A', 't1', 'user-42'), row('B', 't1')]);
    expect(screen.getByRole('columnheader', { name: 'External ref' })).toBeTruthy();
    expect(cells('External ref')).toEqual(['user-42', '—']);
  });

  it('shows tenant names where known, the id otherwise, and a dash when unassigned', () => {
    const names: Record<string, string> = { t1: 'Acme Support' };
    render(() => (
      <Router>
        <Route
          path="*"
          component={() => (
            <FleetTable
              rows={[row('A', 't1'), row('B', 't2'), row('C', null)]}
              tenantName={(id) => names[id]}
              selected={new Set()}
              loading={false}
              onToggle={() => {}}
              onToggleAll={() => {}}
            />
          )}
        />
      </Router>
    ));
    const tenantCells = screen
      .getAllByRole('row')
      .slice(1)
      .map((tr) => tr.querySelector('[data-label="Tenant"]')?.textContent?.trim());
    expect(tenantCells).toEqual(['Acme Support', 't2', '—']);
  });
});
