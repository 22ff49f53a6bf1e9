import { describe, expect, it } from 'vitest';
import { createGatewayMetrics } from './gateway-metrics';

describe('createGatewayMetrics', () => {
  it('counts upstream calls, events and health, and reads gauges at scrape time', async () => {
    const metrics = createGatewayMetrics();
    let subscribers = 3;
    metrics.gauge('wawp_subscribers', 'Local subscribers.', () => subscribers);
    metrics.onWawpRequest({
      method: 'POST',
      route: 'session/info',
      instanceId: 'SECRETID0001',
      status: 200,
      durationMs: 12,
    });
    metrics.onWawpRequest({
      method: 'POST',
      route: 'session/info',
      instanceId: null,
      status: null,
      durationMs: 5_000,
      error: 'timeout',
    });
    metrics.onEvent({
      kind: 'SessionStatusChanged',
      cursor: '1',
      instanceId: 'SECRETID0001',
      occurredAt: new Date(),
      source: 'WEBHOOK',
      status: 'WORKING',
      previousStatus: 'SCAN_QR_CODE',
    });
    metrics.upstreamHealth(() => false);
    subscribers = 7;
    const text = await metrics.registry.metrics();
    expect(text).toContain('wawp_upstream_requests_total{route="session/info",status="200"} 1');
    expect(text).toContain('wawp_upstream_requests_total{route="session/info",status="timeout"} 1');
    expect(text).toContain(
      'wawp_session_events_total{kind="SessionStatusChanged",source="WEBHOOK"} 1',
    );
    expect(text).toContain('wawp_upstream_healthy 0');
    expect(text).toContain('wawp_subscribers 7');
    expect(text).not.toContain('SECRETID0001');
  });
});
