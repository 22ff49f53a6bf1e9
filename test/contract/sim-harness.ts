import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createSimulator, type SimulatorOptions } from '@wawp-gateway/gateway/simulator';
import { createWawpClient, type WawpClientOptions } from '@wawp-gateway/gateway/wawp';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createLeftovers, type Leftovers } from '../utils/leftovers';
import type { SimHistoryEntry, SimRequest } from '../utils/simulator-control';
import { waitFor } from '../utils/wait';

/** Listens on an ephemeral loopback port and registers the close in `leftovers`. */
export async function listen(server: Server, leftovers: Leftovers): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  leftovers.add(
    server,
    (open) =>
      new Promise<void>((resolve) => {
        open.close(() => resolve());
        open.closeAllConnections();
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Starts a simulator on port 0 plus helpers for its `/_sim/*` control surface. */
export async function startSimulator(leftovers: Leftovers, options: SimulatorOptions = {}) {
  const sim = createSimulator({ port: 0, timeScale: 20, ...options });
  const url = await sim.start();
  leftovers.add(sim, (started) => started.stop());
  const controlCall = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    if (!res.ok) {
      throw new Error(`${method} ${path} -> ${res.status} ${await res.text()}`);
    }
    return res.json() as Promise<unknown>;
  };
  const status = async (id: string) => {
    const all = (await controlCall('GET', '/_sim/instances')) as Array<{
      instance_id: string;
      status: string;
    }>;
    return all.find((i) => i.instance_id === id)?.status;
  };
  return {
    sim,
    url,
    token: sim.accessToken,
    ids: sim.instanceIds(),
    client: (extra: Partial<WawpClientOptions> = {}) =>
      createWawpClient({ baseUrl: url, accessToken: sim.accessToken, ...extra }),
    phone: (id: string, action: 'scan' | 'enter-code' | 'unlink' | 'drop', body: unknown = {}) =>
      controlCall('POST', `/_sim/instances/${id}/${action}`, body),
    /** Adds fault rules (see `gateway/src/simulator/faults.ts` for the format). */
    fault: (rules: Record<string, unknown> | Array<Record<string, unknown>>) =>
      controlCall('POST', '/_sim/faults', rules),
    clearFaults: () => controlCall('DELETE', '/_sim/faults'),
    /** Every status the instance went through, oldest first. */
    history: async (id: string) =>
      (await controlCall('GET', `/_sim/instances/${id}/history`)) as SimHistoryEntry[],
    requests: async (instanceId?: string) => {
      const log = (await controlCall('GET', '/_sim/requests')) as SimRequest[];
      return instanceId === undefined ? log : log.filter((e) => e.instance_id === instanceId);
    },
    /** Waits via the control surface, so Wawp's poll floor is not touched. */
    async waitForStatus(id: string, wanted: string, timeoutMs = 10_000) {
      await waitFor(async () => (await status(id)) === wanted, timeoutMs, 25).catch(async () => {
        throw new Error(`${id} never reached ${wanted} (is ${await status(id)})`);
      });
    },
  };
}
export type SimHandle = Awaited<ReturnType<typeof startSimulator>>;

/** The simulator's log of one instance, restricted to one Wawp route (e.g. `session/info`). */
export const routeLog = async (sim: SimHandle, id: string, route: string) =>
  (await sim.requests(id)).filter((entry) => entry.path === `/v2/${route}`);

/**
 * One simulator for a whole test file (started in `beforeAll`, stopped in `afterAll`, faults
 * cleared after each test) whose instances are handed out one per test, so each test's request
 * log is its own. `leftovers` takes whatever else the file starts.
 */
export function useFileSimulator(options: SimulatorOptions & { instances: number }) {
  const leftovers = createLeftovers();
  let started: SimHandle | null = null;
  const spare: string[] = [];
  beforeAll(async () => {
    started = await startSimulator(leftovers, options);
    spare.push(...started.ids);
  });
  afterEach(() => started?.clearFaults());
  afterAll(() => leftovers.disposeAll());
  return {
    leftovers,
    get sim(): SimHandle {
      if (!started) {
        throw new Error('the file simulator starts in beforeAll');
      }
      return started;
    },
    /** An instance no other test of this file has used. */
    nextInstance(): string {
      const id = spare.shift();
      if (id === undefined) {
        throw new Error(`all ${options.instances} instances are used; raise \`instances\``);
      }
      return id;
    },
  };
}
