/** Thin helpers over the simulator's control surface (`/_sim/...`). */

/** One entry of the simulator's request log (`GET /_sim/requests`). */
export interface SimRequest {
  method: string;
  path: string;
  instance_id: string | null;
  status: number;
  timestamp: number;
}

/** One status an instance went through (`GET /_sim/instances/:id/history`); `at` is unix ms. */
export interface SimHistoryEntry {
  status: string;
  at: number;
}

export interface SimInstance {
  instance_id: string;
  status: string;
  qr: { value: string; index: number; expires_at: number } | null;
  pairing: { code: string; phone: string } | null;
  /** The linked account while a device is linked. */
  me?: { id: string; pushName?: string | null } | null;
}

const post = async (url: string, body?: unknown) => {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json().catch(() => null)) as unknown };
};

export function simControl(simUrl: string) {
  return {
    instances: async () =>
      (await (await fetch(`${simUrl}/_sim/instances`)).json()) as SimInstance[],
    instance: async (id: string) =>
      ((await (await fetch(`${simUrl}/_sim/instances`)).json()) as SimInstance[]).find(
        (i) => i.instance_id === id,
      ),
    history: async (id: string) =>
      (await (await fetch(`${simUrl}/_sim/instances/${id}/history`)).json()) as SimHistoryEntry[],
    scan: (id: string, body: { pushName?: string; phone?: string } = {}) =>
      post(`${simUrl}/_sim/instances/${id}/scan`, body),
    enterCode: (id: string, code: string) =>
      post(`${simUrl}/_sim/instances/${id}/enter-code`, { code }),
    unlink: (id: string) => post(`${simUrl}/_sim/instances/${id}/unlink`),
    drop: (id: string) => post(`${simUrl}/_sim/instances/${id}/drop`),
    /** One fault rule or several (see `gateway/src/simulator/faults.ts`). */
    fault: (rule: Record<string, unknown> | Record<string, unknown>[]) =>
      post(`${simUrl}/_sim/faults`, rule),
    clearFaults: () => fetch(`${simUrl}/_sim/faults`, { method: 'DELETE' }),
    requests: async (instanceId?: string) =>
      (await (
        await fetch(`${simUrl}/_sim/requests${instanceId ? `?instance_id=${instanceId}` : ''}`)
      ).json()) as SimRequest[],
    clearRequests: () => fetch(`${simUrl}/_sim/requests`, { method: 'DELETE' }),
  };
}

/** The control surface of one simulator. */
export type SimControl = ReturnType<typeof simControl>;

/** Milliseconds between consecutive timestamps (or entries of a request log). */
export function gapsOf(entries: readonly (number | Pick<SimRequest, 'timestamp'>)[]): number[] {
  const times = entries.map((entry) => (typeof entry === 'number' ? entry : entry.timestamp));
  return times.slice(1).map((time, i) => time - (times[i] as number));
}

/** Creates an instance at the simulator's Wawp surface directly (not registered with a gateway). */
export async function createUpstreamInstance(simUrl: string, accessToken: string) {
  const response = await fetch(`${simUrl}/v2/session/create`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ access_token: accessToken }),
  });
  const body = (await response.json()) as { instance_id?: string };
  if (!response.ok || !body.instance_id) {
    throw new Error(`session/create failed with HTTP ${response.status}`);
  }
  return body.instance_id;
}
