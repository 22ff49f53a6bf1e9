import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { Provider } from '@urql/solid';
import { describe, expect, it } from 'vitest';
import { createDeliveryLog } from '../lib/deliveryLog';
import { createFakeClient } from '../testing/fakeClient';
import { DeliveryLog } from './DeliveryLog';

interface Delivery {
  id: string;
  kind: string;
  instanceId: string | null;
  status: string;
  attempts: number;
  lastResponseStatus: number | null;
  lastError: string | null;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
}
const delivery = (n: number, more: Partial<Delivery> = {}): Delivery => ({
  id: `d${n}`,
  kind: 'SESSION_LINKED',
  instanceId: 'inst-1',
  status: 'DELIVERED',
  attempts: 1,
  lastResponseStatus: 200,
  lastError: null,
  nextAttemptAt: null,
  createdAt: new Date(Date.UTC(2026, 10, 24, 12, n)).toISOString(),
  deliveredAt: new Date(Date.UTC(2026, 10, 24, 12, n, 1)).toISOString(),
  ...more,
});

/** Five deliveries, newest first, served in pages of `first` after the cursor `after`. */
function renderLog() {
  let all = [
    delivery(5, {
      status: 'RETRYING',
      attempts: 2,
      lastResponseStatus: 503,
      lastError: 'HTTP 503',
      nextAttemptAt: '2026-11-24T12:30:00.000Z',
      deliveredAt: null,
    }),
    delivery(4, {
      status: 'FAILED',
      kind: 'SESSION_NEEDS_LINK',
      lastResponseStatus: null,
      lastError: 'connect ECONNREFUSED 127.0.0.1:9',
      deliveredAt: null,
    }),
    delivery(3, { status: 'PENDING', attempts: 0, lastResponseStatus: null, deliveredAt: null }),
    delivery(2, { instanceId: null, kind: 'UPSTREAM_UNAVAILABLE' }),
    delivery(1),
  ];
  const fake = createFakeClient((name, v) => {
    if (name === 'NotificationDeliveries') {
      const start = v.after ? all.findIndex((d) => d.id === v.after) + 1 : 0;
      const page = all.slice(start, start + (v.first as number));
      return {
        data: {
          notificationDeliveries: {
            edges: page.map((node) => ({ cursor: node.id, node })),
            hasNextPage: start + page.length < all.length,
          },
        },
      };
    }
    if (name === 'RedeliverNotification') {
      all = all.map((d) =>
        d.id === v.deliveryId ? { ...d, status: 'PENDING', attempts: 0, nextAttemptAt: null } : d,
      );
      const again = all.find((d) => d.id === v.deliveryId);
      return { data: { redeliverNotification: again } };
    }
    return { error: { message: 'nope', code: 'FORBIDDEN' } };
  });
  const Log = () => {
    const log = createDeliveryLog(() => 'e1', { pageSize: 3 });
    return (
      <DeliveryLog
        log={log}
        caption="Deliveries to https://hooks.example/e1"
        onRedeliver={(row) => void log.redeliver(row.id)}
      />
    );
  };
  render(() => (
    <Provider value={fake.client}>
      <Log />
    </Provider>
  ));
  return fake;
}

const rows = () =>
  screen
    .getAllByRole('row')
    .slice(1)
    .map((row) => row.getAttribute('data-delivery-id'));
const cell = (id: string, label: string) =>
  document.querySelector(`tr[data-delivery-id="${id}"] td[data-label="${label}"]`)?.textContent;

describe('DeliveryLog', () => {
  it('shows each delivery: kind, instance, status badge, attempts, last response, times', async () => {
    renderLog();
    const table = await screen.findByRole('table', {
      name: 'Deliveries to https://hooks.example/e1',
    });
    expect(
      within(table)
        .getAllByRole('columnheader')
        .map((th) => th.textContent),
    ).toEqual([
      'Created',
      'Kind',
      'Instance',
      'Status',
      'Attempts',
      'Last response',
      'Next attempt',
      'Delivered',
      'Actions',
    ]);
    expect(rows()).toEqual(['d5', 'd4', 'd3']);
    expect(cell('d5', 'Status')).toBe('RETRYING');
    expect(document.querySelector('tr[data-delivery-id="d5"] .badge')?.className).toContain(
      'delivery-retrying',
    );
    expect(cell('d5', 'Last response')).toBe('HTTP 503');
    expect(cell('d5', 'Attempts')).toBe('2');
    expect(cell('d5', 'Next attempt')).not.toBe('—');
    expect(cell('d4', 'Kind')).toBe('Needs link');
    expect(cell('d4', 'Last response')).toBe('connect ECONNREFUSED 127.0.0.1:9');
    expect(cell('d4', 'Delivered')).toBe('—');
    expect(cell('d3', 'Status')).toBe('PENDING');
  });

  it('"Load more" fetches the page after the last cursor and appends it, until none follow', async () => {
    const fake = renderLog();
    const more = await screen.findByRole('button', { name: 'Load more' });
    fireEvent.click(more);
    await waitFor(() => expect(rows()).toEqual(['d5', 'd4', 'd3', 'd2', 'd1']));
    const paged = fake.operations.filter(
      (op) => op.kind === 'query' && (op.variables as { after?: string }).after,
    );
    expect(paged.map((op) => op.variables)).toEqual([{ endpointId: 'e1', first: 3, after: 'd3' }]);
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull();
    expect(cell('d2', 'Instance')).toBe('—');
    expect(cell('d1', 'Instance')).toBe('inst-1');
    expect(cell('d1', 'Last response')).toBe('HTTP 200');
  });

  it('"Redeliver" queues the delivery again and the log shows it PENDING', async () => {
    const fake = renderLog();
    await screen.findByRole('table');
    fireEvent.click(screen.getByRole('button', { name: 'Redeliver d4' }));
    await waitFor(() => expect(cell('d4', 'Status')).toBe('PENDING'));
    const redelivered = fake.operations.filter((op) => op.kind === 'mutation');
    expect(redelivered.map((op) => op.variables)).toEqual([{ deliveryId: 'd4' }]);
    expect(rows()).toEqual(['d5', 'd4', 'd3']);
  });
});
