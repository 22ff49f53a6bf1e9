import { useClient } from '@urql/solid';
import { type Accessor, createEffect, createSignal, on, onCleanup } from 'solid-js';
import { createStore, reconcile } from 'solid-js/store';
import { graphql } from '../gql';
import type { NotificationDeliveriesQuery } from '../gql/graphql';
import { createCommand } from './createCommand';
import { describeError } from './errors';

const NotificationDeliveries = graphql(`
  query NotificationDeliveries($endpointId: ID!, $first: Int, $after: String) {
    notificationDeliveries(endpointId: $endpointId, first: $first, after: $after) {
      edges {
        cursor
        node {
          id kind instanceId status attempts lastResponseStatus lastError nextAttemptAt createdAt
          deliveredAt
        }
      }
      hasNextPage
    }
  }
`);
const RedeliverNotification = graphql(`
  mutation RedeliverNotification($deliveryId: ID!) {
    redeliverNotification(deliveryId: $deliveryId) { id status attempts nextAttemptAt }
  }
`);

type Edge = NotificationDeliveriesQuery['notificationDeliveries']['edges'][number];

/** One delivery as the log shows it, with the cursor that pages on after it. */
export type DeliveryRow = Edge['node'] & { cursor: string };

/** How the log pages and refreshes. */
export interface DeliveryLogOptions {
  /** Whether the log is on screen: it refreshes itself only then. @default always */
  active?: Accessor<boolean>;
  /** Deliveries per page ("Load more" adds one). @default 20 */
  pageSize?: number;
  /** How often it refreshes itself while active, in ms. @default 3000 */
  intervalMs?: number;
  /** Told when a delivery it shows turns FAILED (the gateway may have disabled the endpoint). */
  onFailed?: (row: DeliveryRow) => void;
}

/** The gateway's upper bound of `first`. */
const MAX_PAGE = 200;

/**
 * The delivery log of one endpoint, newest first: the first page, more pages on `loadMore()`
 * (by cursor), `refresh()` (which reads the loaded rows again from the top, so new deliveries
 * appear and changed ones update; also every `intervalMs` while active and the tab is visible)
 * and `redeliver(id)`. Call under urql's `Provider`.
 */
export function createDeliveryLog(endpointId: Accessor<string>, options: DeliveryLogOptions = {}) {
  const client = useClient();
  const pageSize = options.pageSize ?? 20;
  const [rows, setRows] = createStore<DeliveryRow[]>([]);
  const [hasNextPage, setHasNextPage] = createSignal(false);
  const [loaded, setLoaded] = createSignal(false);
  const [loadingMore, setLoadingMore] = createSignal(false);
  const [error, setError] = createSignal<string | null>(null);
  const redeliver = createCommand(RedeliverNotification, (d) => d.redeliverNotification);
  let refreshing: Promise<void> | null = null;
  // a reply for another endpoint (the prop changed meanwhile) is dropped
  let generation = 0;

  const fetchPage = (first: number, after: string | null) =>
    client
      .query(
        NotificationDeliveries,
        { endpointId: endpointId(), first, after },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
  const toRows = (edges: readonly Edge[]): DeliveryRow[] =>
    edges.map((edge) => ({ ...edge.node, cursor: edge.cursor }));
  const replace = (next: DeliveryRow[]) => {
    const before = new Map(rows.map((row) => [row.id, row.status]));
    setRows(reconcile(next, { key: 'id' }));
    for (const row of next) {
      const was = before.get(row.id);
      if (row.status === 'FAILED' && was !== undefined && was !== 'FAILED') {
        options.onFailed?.(row);
      }
    }
  };

  const readTop = async () => {
    const mine = generation;
    const count = Math.min(Math.max(rows.length, pageSize), MAX_PAGE);
    const result = await fetchPage(count, null);
    if (mine !== generation) {
      return;
    }
    const page = result.data?.notificationDeliveries;
    setError(describeError(result.error));
    if (!page) {
      return;
    }
    const fresh = toRows(page.edges);
    const seen = new Set(fresh.map((row) => row.id));
    // rows beyond what was read again (pushed down by new ones, or past 200) stay as they were
    const rest = rows.filter((row) => !seen.has(row.id));
    replace([...fresh, ...rest.map((row) => ({ ...row }))]);
    if (rest.length === 0) {
      setHasNextPage(page.hasNextPage);
    }
    setLoaded(true);
  };

  /** Reads the loaded rows again from the top; calls made while one runs share it. */
  const refresh = (): Promise<void> => {
    refreshing ??= readTop().finally(() => {
      refreshing = null;
    });
    return refreshing;
  };

  createEffect(
    on(endpointId, () => {
      generation += 1;
      setRows([]);
      setLoaded(false);
      setHasNextPage(false);
      refreshing = null;
      void refresh();
    }),
  );

  const timer = setInterval(() => {
    const visible = typeof document === 'undefined' || document.visibilityState !== 'hidden';
    if ((options.active?.() ?? true) && visible) {
      void refresh();
    }
  }, options.intervalMs ?? 3_000);
  onCleanup(() => clearInterval(timer));

  return {
    rows: (): readonly DeliveryRow[] => rows,
    hasNextPage,
    loading: () => !loaded() && !error(),
    loadingMore,
    error,
    refresh,
    busy: redeliver.busy,
    /** Appends the next page, after the last row shown. */
    async loadMore(): Promise<void> {
      const last = rows[rows.length - 1];
      if (!last || loadingMore()) {
        return;
      }
      setLoadingMore(true);
      const mine = generation;
      try {
        const result = await fetchPage(pageSize, last.cursor);
        const page = result.data?.notificationDeliveries;
        if (mine !== generation) {
          return;
        }
        setError(describeError(result.error));
        if (page) {
          const known = new Set(rows.map((row) => row.id));
          const added = toRows(page.edges).filter((row) => !known.has(row.id));
          replace([...rows.map((row) => ({ ...row })), ...added]);
          setHasNextPage(page.hasNextPage);
        }
      } finally {
        setLoadingMore(false);
      }
    },
    /** Queues the delivery again (its attempts start over), then refreshes the log. */
    async redeliver(deliveryId: string) {
      const result = await redeliver.run({ deliveryId });
      if (result.ok) {
        void refresh();
      }
      return result;
    },
  };
}

export type DeliveryLog = ReturnType<typeof createDeliveryLog>;
