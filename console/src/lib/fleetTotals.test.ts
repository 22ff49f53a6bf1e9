import { describe, expect, it } from 'vitest';
import { countByStatus, formatTotals } from './fleetTotals';

describe('fleet totals', () => {
  it('counts per status, linked first, leaving out statuses with none', () => {
    const rows = [
      { status: 'STOPPED' },
      { status: 'WORKING' },
      { status: 'SCAN_QR_CODE' },
      { status: 'WORKING' },
      { status: 'STOPPED' },
      { status: 'WORKING' },
    ] as const;
    expect(countByStatus(rows)).toEqual([
      { status: 'WORKING', count: 3 },
      { status: 'SCAN_QR_CODE', count: 1 },
      { status: 'STOPPED', count: 2 },
    ]);
    expect(formatTotals(countByStatus(rows))).toBe('3 WORKING · 1 SCAN_QR_CODE · 2 STOPPED');
    expect(formatTotals(countByStatus([]))).toBe('');
  });
});
