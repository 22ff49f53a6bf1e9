import { MemoryRouter, Route } from '@solidjs/router';
import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { Provider } from '@urql/solid';
import { describe, expect, it } from 'vitest';
import { ConnectionContext, createConnectionTracker } from '../lib/connection';
import { EXTERNAL_REF_TAKEN } from '../lib/instanceFieldErrors';
import { EMPTY_BRANDING_DATA } from '../testing/branding';
import { createFakeClient, type FakeAnswer } from '../testing/fakeClient';
import { InstancesScreen } from './Instances';

const at = '2026-11-24T12:00:00.000Z';
const instance = (instanceId: string, status: string, externalRef: string | null = null) => ({
  instanceId,
  label: `Line ${instanceId}`,
  externalRef,
  tenantId: 't1',
  session: { status, observedAt: at, stale: false, me: null },
});
const answer = (name: string): FakeAnswer => {
  switch (name) {
    case 'Viewer':
      return { data: { viewer: { role: 'ADMIN', tenantId: null } } };
    case 'Tenants':
      return {
        data: {
          tenants: [
            {
              id: 't1',
              name: 'Acme',
              createdAt: at,
              instances: [],
              apiKeys: [],
              branding: EMPTY_BRANDING_DATA,
            },
          ],
        },
      };
    case 'FleetInstances':
      return {
        data: {
          instances: [
            instance('A1', 'WORKING', 'crm-7'),
            instance('B2', 'SCAN_QR_CODE'),
            instance('C3', 'STOPPED'),
          ],
        },
      };
    case 'CreateInstance':
      return {
        error: {
          message: 'externalRef is already used by another instance of this tenant.',
          code: 'CONFLICT',
          field: 'externalRef',
        },
      };
    default:
      return { error: { message: 'nope', code: 'FORBIDDEN' } };
  }
};

function renderFleet() {
  const fake = createFakeClient(answer);
  render(() => (
    <Provider value={fake.client}>
      <ConnectionContext.Provider value={createConnectionTracker()}>
        <MemoryRouter>
          <Route path="*" component={InstancesScreen} />
        </MemoryRouter>
      </ConnectionContext.Provider>
    </Provider>
  ));
  return fake;
}

const totals = () => document.querySelector('.fleet-totals')?.textContent;

describe('Instances screen', () => {
  it('shows live totals per status above the table', async () => {
    const fake = renderFleet();
    await waitFor(() =>
      expect(totals()).toBe('Instances by status: 1 WORKING · 1 SCAN_QR_CODE · 1 STOPPED'),
    );
    fake.emit({
      sessionEvents: {
        __typename: 'SessionStatusChanged',
        cursor: 'c1',
        instanceId: 'B2',
        occurredAt: '2026-11-24T12:00:05.000Z',
        status: 'WORKING',
      },
    });
    expect(totals()).toBe('Instances by status: 2 WORKING · 1 STOPPED');
  });

  it('finds an instance by its external ref', async () => {
    renderFleet();
    const search = await screen.findByRole('searchbox');
    await screen.findByText('crm-7');
    fireEvent.input(search, { target: { value: 'CRM-7' } });
    const rows = screen.getAllByRole('row').slice(1);
    expect(rows.map((tr) => tr.getAttribute('data-instance-id'))).toEqual(['A1']);
  });

  it('shows a taken external ref beside its field', async () => {
    const fake = renderFleet();
    fireEvent.click(await screen.findByText('Add an instance'));
    const ref = screen.getByLabelText('External ref');
    fireEvent.input(ref, { target: { value: 'crm-7' } });
    fireEvent.click(screen.getByRole('button', { name: 'Create instance' }));
    await waitFor(() => expect(ref.getAttribute('aria-invalid')).toBe('true'));
    const problem = screen.getByText(EXTERNAL_REF_TAKEN);
    expect(ref.getAttribute('aria-describedby')).toContain(problem.id);
    const create = fake.operations.find((op) => op.kind === 'mutation');
    expect(create?.variables).toEqual({ label: null, tenantId: null, externalRef: 'crm-7' });
    expect(within(problem.closest('form') as HTMLElement).queryByRole('alert')).toBeNull();
  });
});
