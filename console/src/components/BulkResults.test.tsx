import { fireEvent, render, screen, waitFor, within } from '@solidjs/testing-library';
import { describe, expect, it, vi } from 'vitest';
import { type BulkAction, type BulkRunner, createBulkRunner } from '../lib/bulk';
import type { CommandResult } from '../lib/createCommand';
import { BulkResults } from './BulkResults';

const rowOf = (id: string) => {
  const row = document.querySelector<HTMLElement>(`[data-instance-id="${id}"]`);
  if (!row) {
    throw new Error(`no row ${id}`);
  }
  return within(row);
};

describe('BulkResults', () => {
  it('shows a result per row and retries only the failed ones', async () => {
    const failing = new Set(['b', 'd']);
    const perform = vi.fn(
      async (_action: BulkAction, id: string): Promise<CommandResult<string>> =>
        failing.has(id)
          ? { ok: false, message: `Wawp is not answering right now (${id}).` }
          : { ok: true, data: 'STARTING' },
    );
    let runner!: BulkRunner;
    render(() => {
      runner = createBulkRunner(perform);
      return <BulkResults runner={runner} nameOf={(id) => `Line ${id}`} />;
    });
    await runner.start('restart', ['a', 'b', 'c', 'd']);

    expect(screen.getByRole('heading').textContent).toBe('Results: Restart');
    expect(screen.getAllByRole('listitem')).toHaveLength(4);
    expect(rowOf('a').getByText('Done')).toBeTruthy();
    expect(rowOf('a').getByText('STARTING')).toBeTruthy();
    expect(rowOf('b').getByText('Failed')).toBeTruthy();
    expect(rowOf('b').getByText('Wawp is not answering right now (b).')).toBeTruthy();
    expect(screen.getByText(/2 done, 2 failed/)).toBeTruthy();

    failing.delete('b');
    perform.mockClear();
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    await waitFor(() => expect(screen.getByText(/3 done, 1 failed/)).toBeTruthy());
    expect(perform.mock.calls).toEqual([
      ['restart', 'b'],
      ['restart', 'd'],
    ]);
    expect(rowOf('b').getByText('Done')).toBeTruthy();
    expect(rowOf('d').getByText('Failed')).toBeTruthy();
    expect(rowOf('a').getByText('Line a')).toBeTruthy();

    failing.clear();
    fireEvent.click(screen.getByRole('button', { name: 'Retry failed' }));
    await waitFor(() => expect(screen.getByText(/4 done, 0 failed/)).toBeTruthy());
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Retry failed' }).disabled).toBe(
      true,
    );
  });

  it('renders nothing before the first run', () => {
    render(() => <BulkResults runner={createBulkRunner(async () => ({ ok: true, data: 'ok' }))} />);
    expect(screen.queryByRole('list')).toBeNull();
  });

  it('marks a row failed when perform rejects, instead of leaving it pending', async () => {
    let runner!: BulkRunner;
    render(() => {
      runner = createBulkRunner(async (_action, id) => {
        if (id === 'b') {
          throw new Error('a bug');
        }
        return { ok: true, data: 'STOPPED' };
      });
      return <BulkResults runner={runner} />;
    });
    await runner.start('stop', ['a', 'b']);
    expect(rowOf('a').getByText('Done')).toBeTruthy();
    expect(rowOf('b').getByText('Failed')).toBeTruthy();
    expect(rowOf('b').getByText('a bug')).toBeTruthy();
    expect(screen.getByText(/1 done, 1 failed/)).toBeTruthy();
  });
});
