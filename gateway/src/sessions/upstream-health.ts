/**
 * Tracks whether Wawp answers. Reports a change only on transitions: unhealthy after a transient
 * failure (timeout, 5xx, reset, bad body, open breaker), healthy again on the next answer.
 */
export function createUpstreamHealth(onChange?: (healthy: boolean, detail: string | null) => void) {
  let healthy = true;
  return {
    healthy: () => healthy,
    failed(detail: string) {
      if (healthy) {
        healthy = false;
        onChange?.(false, detail);
      }
    },
    succeeded() {
      if (!healthy) {
        healthy = true;
        onChange?.(true, 'Wawp answers again');
      }
    },
  };
}
