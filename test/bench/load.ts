import type { LoadPlan, LoadRequest, LoadResult } from './load-protocol';
import { nextMessage, startTsWorker } from './worker';

/**
 * Runs `plan` in a fresh load-generator worker thread and returns its result; the worker is
 * terminated whatever happens. Bounded: the plan's own duration plus `graceMs`.
 */
export async function runLoad(plan: LoadPlan, graceMs = 30_000): Promise<LoadResult> {
  const worker = startTsWorker(new URL('./load-worker.ts', import.meta.url), plan);
  const budget =
    plan.kind === 'burst'
      ? plan.timeoutMs
      : plan.kind === 'closed'
        ? plan.warmupMs + plan.durationMs
        : plan.durationMs;
  try {
    return await nextMessage<LoadResult>(worker, budget + graceMs);
  } finally {
    await worker.terminate();
  }
}

/** A GraphQL POST to `url` (`…/graphql`) with an admin bearer key. */
export function graphqlRequest(
  url: string,
  adminKey: string | null,
  query: string,
  variables: Record<string, unknown> = {},
): LoadRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (adminKey) {
    headers.authorization = `Bearer ${adminKey}`;
  }
  return { url, method: 'POST', headers, body: JSON.stringify({ query, variables }) };
}

/** A direct Wawp `session/info` read at the simulator. */
export function simSessionInfoRequest(
  simUrl: string,
  instanceId: string,
  accessToken = 'sim-access-token',
): LoadRequest {
  const query = new URLSearchParams({ instance_id: instanceId, access_token: accessToken });
  return { url: `${simUrl}/v2/session/info?${query}`, method: 'GET' };
}
