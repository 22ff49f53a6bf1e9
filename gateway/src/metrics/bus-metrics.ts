import type { BusHealth } from '../live/bus-health';
import type { PayloadBus } from '../store';
import type { GatewayMetrics } from './gateway-metrics';

/** The Redis bus's metrics, read at scrape time (only registered when `GATEWAY_BUS` is Redis). */
export function addBusMetrics(
  metrics: Pick<GatewayMetrics, 'gauge' | 'counter'>,
  bus: Pick<PayloadBus, 'stats'>,
  health: Pick<BusHealth, 'connected' | 'fallbackEvents'>,
): void {
  metrics.gauge(
    'wawp_bus_connected',
    '1 while the Redis bus is connected, 0 while it is not.',
    () => (health.connected ? 1 : 0),
  );
  metrics.gauge(
    'wawp_bus_followed_channels',
    'Redis channels (instances, or the all-instances pattern) this replica subscribes to.',
    () => bus.stats().following,
  );
  const counters: [string, string, () => number][] = [
    ['wawp_bus_disconnects_total', 'Times the Redis bus was lost.', () => bus.stats().disconnects],
    ['wawp_bus_published_total', 'Events published on the Redis bus.', () => bus.stats().published],
    [
      'wawp_bus_publish_failures_total',
      'Events the Redis bus could not publish (readers then read them from the log).',
      () => bus.stats().publishFailures,
    ],
    ['wawp_bus_received_total', 'Events received over the Redis bus.', () => bus.stats().received],
    [
      'wawp_bus_fallback_events_total',
      'Events read from the event log because the Redis bus did not bring them in time.',
      () => health.fallbackEvents,
    ],
  ];
  for (const [name, help, read] of counters) {
    metrics.counter(name, help, read);
  }
}
