import type { SessionEvent } from '@wawp-gateway/schema';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { WawpRequestEvent } from '../wawp';

/**
 * The gateway's Prometheus metrics, in a registry of its own so two
 * gateways in one process (tests) never share counters. Labels never carry instance ids, keys or
 * tokens: only routes, statuses and kinds.
 */
export function createGatewayMetrics() {
  const registry = new Registry();
  const upstreamRequests = new Counter({
    name: 'wawp_upstream_requests_total',
    help: 'Wawp calls by route and outcome (HTTP status, or the error kind when none arrived).',
    labelNames: ['route', 'status'] as const,
    registers: [registry],
  });
  const upstreamLatency = new Histogram({
    name: 'wawp_upstream_latency_ms',
    help: 'Wawp call duration in milliseconds.',
    labelNames: ['route'] as const,
    buckets: [10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000],
    registers: [registry],
  });
  const eventsDispatched = new Counter({
    name: 'wawp_session_events_total',
    help: 'Session events this replica dispatched to its subscribers, by kind and source.',
    labelNames: ['kind', 'source'] as const,
    registers: [registry],
  });

  const ignoredTimestamps = new Counter({
    name: 'wawp_webhook_timestamps_ignored_total',
    help: 'Webhook deliveries whose own timestamp was out of bounds (3 days back, 5 min ahead) and ignored.',
    registers: [registry],
  });

  const notificationAttempts = new Counter({
    name: 'wawp_notification_attempts_total',
    help: 'Notification POSTs by kind and outcome (delivered, retrying, failed).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const notificationDeliveries = new Counter({
    name: 'wawp_notification_deliveries_total',
    help: 'Notifications ended, by kind and outcome (delivered, or failed after its retries).',
    labelNames: ['kind', 'outcome'] as const,
    registers: [registry],
  });
  const notificationLag = new Histogram({
    name: 'wawp_notification_delivery_lag_ms',
    help: 'From the event a notification tells of to the 2xx that delivered it, in milliseconds.',
    labelNames: ['kind'] as const,
    buckets: [50, 100, 250, 500, 1_000, 2_500, 5_000, 30_000, 300_000, 3_600_000],
    registers: [registry],
  });

  return {
    registry,
    /** One notification attempt; `lagMs` (event to 2xx) when it delivered. */
    onNotificationAttempt(kind: string, outcome: string, lagMs: number | null): void {
      notificationAttempts.inc({ kind, outcome });
      if (outcome !== 'retrying') {
        notificationDeliveries.inc({ kind, outcome });
      }
      if (lagMs !== null) {
        notificationLag.observe({ kind }, lagMs);
      }
    },
    onWebhookTimestampIgnored(): void {
      ignoredTimestamps.inc();
    },
    onWawpRequest(event: WawpRequestEvent): void {
      const status = event.status === null ? (event.error ?? 'none') : String(event.status);
      upstreamRequests.inc({ route: event.route, status });
      upstreamLatency.observe({ route: event.route }, event.durationMs);
    },
    onEvent(event: SessionEvent): void {
      eventsDispatched.inc({ kind: event.kind, source: event.source });
    },
    /** `wawp_upstream_healthy`, read at scrape time: 1 while Wawp answers, 0 while it does not. */
    upstreamHealth(healthy: () => boolean): void {
      new Gauge({
        name: 'wawp_upstream_healthy',
        help: '1 while Wawp answers, 0 while it does not.',
        registers: [registry],
        collect() {
          this.set(healthy() ? 1 : 0);
        },
      });
    },
    /** Adds a counter read at scrape time from a running total kept elsewhere (the store, the bus). */
    counter(name: string, help: string, read: () => number): void {
      new Counter({
        name,
        help,
        registers: [registry],
        collect() {
          this.reset();
          this.inc(read());
        },
      });
    },
    /** Adds a gauge read at scrape time (subscribers, sockets, leases). */
    gauge(name: string, help: string, read: () => number): void {
      new Gauge({
        name,
        help,
        registers: [registry],
        collect() {
          this.set(read());
        },
      });
    },
  };
}

export type GatewayMetrics = ReturnType<typeof createGatewayMetrics>;
