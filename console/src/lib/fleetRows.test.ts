import { describe, expect, it } from 'vitest';
import { applyFleetEvent, type FleetLive, filterFleetRows, toFleetRows } from './fleetRows';

const instance = (
  instanceId: string,
  status: 'STOPPED' | 'WORKING',
  observedAt = '2026-11-24T12:00:00.000Z',
) => ({
  instanceId,
  label: `Line ${instanceId}`,
  tenantId: 't1',
  session: {
    status,
    observedAt,
    stale: false,
    me: status === 'WORKING' ? { id: '20111@c.us', pushName: 'Shop' } : null,
  },
});
const at = (s: number) => `2026-11-24T12:00:${String(s).padStart(2, '0')}.000Z`;
const empty: FleetLive = { rows: {}, healthy: null };

describe('fleet rows', () => {
  it('overlays newer live events on the query rows', () => {
    let live = applyFleetEvent(empty, {
      __typename: 'SessionStatusChanged',
      cursor: 'c1',
      instanceId: 'a',
      occurredAt: at(5),
      status: 'WORKING',
    });
    live = applyFleetEvent(live, {
      __typename: 'SessionAuthenticated',
      cursor: 'c2',
      instanceId: 'a',
      occurredAt: at(6),
      me: { id: '2012@c.us', pushName: 'Support' },
    });
    const [a, b] = toFleetRows([instance('a', 'STOPPED'), instance('b', 'WORKING')], live.rows);
    expect(a).toMatchObject({ status: 'WORKING', accountName: 'Support', changedAt: at(6) });
    expect(b).toMatchObject({ status: 'WORKING', accountName: 'Shop' });
  });

  it('ignores live state older than the query and tracks health', () => {
    const live = applyFleetEvent(empty, {
      __typename: 'SessionStatusChanged',
      cursor: 'c1',
      instanceId: 'a',
      occurredAt: at(1),
      status: 'WORKING',
    });
    expect(toFleetRows([instance('a', 'STOPPED', at(9))], live.rows)[0]?.status).toBe('STOPPED');
    const down = applyFleetEvent(live, {
      __typename: 'UpstreamHealthChanged',
      cursor: 'c2',
      instanceId: 'a',
      occurredAt: at(2),
      healthy: false,
    });
    expect(down.healthy).toBe(false);
  });

  it('filters by search text and status', () => {
    const rows = toFleetRows([instance('a', 'STOPPED'), instance('b', 'WORKING')], {});
    expect(filterFleetRows(rows, { search: 'shop', status: '' }).map((r) => r.instanceId)).toEqual([
      'b',
    ]);
    expect(
      filterFleetRows(rows, { search: '', status: 'STOPPED' }).map((r) => r.instanceId),
    ).toEqual(['a']);
    expect(filterFleetRows(rows, { search: 'LINE', status: '' })).toHaveLength(2);
  });

  it('carries the external ref and matches it in the search', () => {
    const rows = toFleetRows(
      [{ ...instance('a', 'STOPPED'), externalRef: 'crm-User-42' }, instance('b', 'WORKING')],
      {},
    );
    expect(rows.map((r) => r.externalRef)).toEqual(['crm-User-42', null]);
    expect(
      filterFleetRows(rows, { search: 'user-42', status: '' }).map((r) => r.instanceId),
    ).toEqual(['a']);
  });
});
