import { createQuery, createSubscription } from '@urql/solid';
import { createEffect, createMemo } from 'solid-js';
import { graphql } from '../gql';
import type { FleetEventsSubscription } from '../gql/graphql';
import { useConnection } from './connection';
import { applyFleetEvent, type FleetLive, toFleetRows } from './fleetRows';

const FleetInstances = graphql(`
  query FleetInstances {
    instances {
      instanceId
      label
      externalRef
      tenantId
      session { status observedAt stale me { id pushName } }
    }
  }
`);

/** One subscription for the whole fleet (`instanceId: null`): state only, so no resume cursor. */
const FleetEvents = graphql(`
  subscription FleetEvents {
    sessionEvents {
      __typename
      cursor
      instanceId
      occurredAt
      ... on SessionSnapshot { session { status observedAt stale me { id pushName } } }
      ... on SessionStatusChanged { status }
      ... on SessionAuthenticated { me { id pushName } }
      ... on UpstreamHealthChanged { healthy }
    }
  }
`);

/**
 * The fleet table's rows: the `instances` query overlaid with live status from one fleet
 * `sessionEvents` subscription. `refetch()` reloads the list (after admin changes).
 */
export function createFleet() {
  const connection = useConnection();
  const [instances, refetch] = createQuery({
    query: FleetInstances,
    context: { additionalTypenames: ['Instance'] },
  });
  const [events] = createSubscription<FleetEventsSubscription, FleetLive>(
    { query: FleetEvents },
    (prev, data) => applyFleetEvent(prev ?? { rows: {}, healthy: null }, data.sessionEvents),
  );
  createEffect(() => {
    const healthy = events.data?.healthy;
    if (typeof healthy === 'boolean') {
      connection.reportHealth(healthy);
    }
  });
  const rows = createMemo(() =>
    toFleetRows(instances.data?.instances ?? [], events.data?.rows ?? {}),
  );
  return {
    rows,
    loading: () => instances.fetching && !instances.data,
    error: () => instances.error,
    refetch: () => refetch({ requestPolicy: 'network-only' }),
  };
}
