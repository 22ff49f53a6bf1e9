import type { Client, ClientConfig } from 'pg';

/**
 * @private TCP keepalive for every Postgres connection of a store, so a dead peer (a partition, a
 * vanished host) is noticed even on an idle connection such as LISTEN's. Node sets only the idle
 * time before the first probe; the probe interval and count are the kernel's.
 */
export const KEEPALIVE: Pick<ClientConfig, 'keepAlive' | 'keepAliveInitialDelayMillis'> = {
  keepAlive: true,
  keepAliveInitialDelayMillis: 10_000,
};

/** @private `-c` startup options (`ClientConfig.options`) from settings with a value. */
export function startupOptions(settings: Record<string, string | number | undefined>): string {
  return Object.entries(settings)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
}

/**
 * @private Ends `client` without waiting for the server: a timed-out query may be stuck on a
 * connection the server no longer answers, where a polite `end()` would wait as long.
 */
export function destroyClient(client: Client): void {
  client.end().catch(() => {});
  (
    client as unknown as { connection?: { stream?: { destroy(): void } } }
  ).connection?.stream?.destroy();
}

/** @private What {@link timedQuery} rejects with when the server took too long. */
export class QueryTimeoutError extends Error {
  constructor(ms: number) {
    super(`store: query not answered within ${ms} ms`);
    this.name = 'QueryTimeoutError';
  }
}

/**
 * @private `client.query(text, values)`, rejecting with {@link QueryTimeoutError} after `ms`. The
 * query keeps its connection busy: the caller should {@link destroyClient} it then.
 */
export async function timedQuery<R>(
  client: Client,
  text: string,
  values: unknown[],
  ms: number,
): Promise<R[]> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new QueryTimeoutError(ms)), ms);
  });
  try {
    const result = await Promise.race([client.query(text, values), timeout]);
    return result.rows as R[];
  } finally {
    clearTimeout(timer);
  }
}
