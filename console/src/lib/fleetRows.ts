import type { FleetEventsSubscription, SessionStatus } from '../gql/graphql';

type FleetEvent = FleetEventsSubscription['sessionEvents'];

/** Live state per instance, from the fleet subscription. */
export interface FleetLiveRow {
  status?: SessionStatus;
  accountName?: string | null;
  changedAt: string;
}

export interface FleetLive {
  rows: Readonly<Record<string, FleetLiveRow>>;
  /** From the last `UpstreamHealthChanged`; `null` until one arrives. */
  healthy: boolean | null;
}

/** One line of the fleet table. */
export interface FleetRow {
  instanceId: string;
  label: string | null;
  /** The integrator's own id for the instance. */
  externalRef: string | null;
  tenantId: string | null;
  status: SessionStatus;
  /** The WhatsApp account's name while WORKING. */
  accountName: string | null;
  changedAt: string;
  stale: boolean;
}

const nameOf = (me: { id: string; pushName?: string | null } | null | undefined) =>
  me ? (me.pushName ?? me.id.split('@')[0] ?? me.id) : null;

/** Folds one fleet event into the live map (pure). */
export function applyFleetEvent(live: FleetLive, event: FleetEvent): FleetLive {
  const prev = live.rows[event.instanceId];
  const at = { changedAt: event.occurredAt };
  let next: FleetLiveRow | undefined;
  switch (event.__typename) {
    case 'SessionSnapshot':
      next = { status: event.session.status, accountName: nameOf(event.session.me), ...at };
      break;
    case 'SessionStatusChanged':
      next = {
        ...prev,
        status: event.status,
        accountName: event.status === 'WORKING' ? prev?.accountName : null,
        ...at,
      };
      break;
    case 'SessionAuthenticated':
      next = { ...prev, accountName: nameOf(event.me), ...at };
      break;
    case 'UpstreamHealthChanged':
      return { ...live, healthy: event.healthy };
    default:
      return live;
  }
  return { ...live, rows: { ...live.rows, [event.instanceId]: next } };
}

interface InstanceData {
  instanceId: string;
  label?: string | null;
  externalRef?: string | null;
  tenantId?: string | null;
  session: {
    status: SessionStatus;
    observedAt: string;
    stale: boolean;
    me?: { id: string; pushName?: string | null } | null;
  };
}

/** Rows from the query, each overlaid with live state when that is newer. */
export function toFleetRows(
  instances: readonly InstanceData[],
  live: Readonly<Record<string, FleetLiveRow>>,
): FleetRow[] {
  return instances.map((instance) => {
    const base: FleetRow = {
      instanceId: instance.instanceId,
      label: instance.label ?? null,
      externalRef: instance.externalRef ?? null,
      tenantId: instance.tenantId ?? null,
      status: instance.session.status,
      accountName: instance.session.status === 'WORKING' ? nameOf(instance.session.me) : null,
      changedAt: instance.session.observedAt,
      stale: instance.session.stale,
    };
    const over = live[instance.instanceId];
    if (!over || Date.parse(over.changedAt) < Date.parse(base.changedAt)) {
      return base;
    }
    const status = over.status ?? base.status;
    const accountName = status === 'WORKING' ? (over.accountName ?? base.accountName) : null;
    return { ...base, status, accountName, changedAt: over.changedAt, stale: false };
  });
}

/**
 * Case-insensitive search over label, id, external ref, tenant and account, plus an exact
 * status filter.
 */
export function filterFleetRows(
  rows: readonly FleetRow[],
  filter: { search: string; status: string },
): FleetRow[] {
  const needle = filter.search.trim().toLowerCase();
  return rows.filter(
    (row) =>
      (filter.status === '' || row.status === filter.status) &&
      (needle === '' ||
        [row.label, row.instanceId, row.externalRef, row.tenantId, row.accountName].some((value) =>
          value?.toLowerCase().includes(needle),
        )),
  );
}
