/**
 * Whether Wawp answers, as the sessions service records it. Changes only on transitions:
 * unhealthy after a transient failure (timeout, 5xx, reset, bad body, open breaker), healthy
 * again on the next answer. Listeners (metrics, the poll manager) are told of each change.
 */
export function createUpstreamHealth() {
  let healthy = true;
  const listeners = new Set<(healthy: boolean, detail: string | null) => void>();
  const change = (value: boolean, detail: string) => {
    healthy = value;
    for (const listener of listeners) {
      listener(value, detail);
    }
  };
  return {
    healthy: () => healthy,
    failed(detail: string): void {
      if (healthy) {
        change(false, detail);
      }
    },
    succeeded(): void {
      if (!healthy) {
        change(true, 'Wawp answers again');
      }
    },
    /** Calls `listener` on every change from now on; returns the off. */
    onChange(listener: (healthy: boolean, detail: string | null) => void): () => void {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
  };
}

export type UpstreamHealth = ReturnType<typeof createUpstreamHealth>;
