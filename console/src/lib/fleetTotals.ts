import type { SessionStatus } from '../gql/graphql';

/** The order totals are read in: linked first, then what needs attention, then the idle. */
const ORDER: readonly SessionStatus[] = [
  'WORKING',
  'SCAN_QR_CODE',
  'STARTING',
  'FAILED',
  'STOPPED',
];

/** How many instances are in each status, in `ORDER`, statuses with none left out. */
export function countByStatus(
  rows: readonly { status: SessionStatus }[],
): { status: SessionStatus; count: number }[] {
  const counts = new Map<SessionStatus, number>();
  for (const row of rows) {
    counts.set(row.status, (counts.get(row.status) ?? 0) + 1);
  }
  return ORDER.flatMap((status) => {
    const count = counts.get(status) ?? 0;
    return count > 0 ? [{ status, count }] : [];
  });
}

/** The totals as one line: "3 WORKING · 1 SCAN_QR_CODE · 2 STOPPED". */
export function formatTotals(totals: readonly { status: SessionStatus; count: number }[]): string {
  return totals.map(({ status, count }) => `${count} ${status}`).join(' · ');
}
