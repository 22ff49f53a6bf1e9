/**
 * The soak's processes: one standalone simulator (in this process, time-scaled), a fresh schema
 * on the test Postgres, the webhook load balancer, and two gateway replicas in processes of their
 * own on fixed ports, so a killed replica comes back at the same URL.
 */
import { readFile } from 'node:fs/promises';
import type { GatewayConfig } from '@wawp-gateway/gateway';
import {
  type ReplicaProcess,
  type ReplicaWorld,
  startReplicaProcess,
  startReplicaWorld,
} from '../events/support';
import { freePort } from '../utils/child-gateway';
import type { Leftovers } from '../utils/leftovers';
import { type RoundRobinProxy, startRoundRobinProxy } from './soak-proxy';

/** One replica slot: its URL stays, its process changes when it is killed and restarted. */
export interface ReplicaSlot {
  name: string;
  url: string;
  process: ReplicaProcess | null;
  /** Processes this slot ran, oldest first (pids), for the report. */
  pids: number[];
}

/** The started cluster. */
export interface SoakCluster {
  world: ReplicaWorld;
  proxy: RoundRobinProxy;
  replicas: ReplicaSlot[];
  /** SIGKILLs the replica's process (no drain, no lease release). */
  kill(slot: ReplicaSlot): Promise<void>;
  /** Starts a new process in the slot, at the same URL. */
  restart(slot: ReplicaSlot): Promise<void>;
  /** The replica's resident set, in bytes, or null while it is down. */
  rss(slot: ReplicaSlot): Promise<number | null>;
  /** What every replica process printed, for a post-mortem. */
  output(): string;
}

/** Options of {@link startSoakCluster}. */
export interface ClusterOptions {
  instances: number;
  timeScale: number;
  pollIntervalMs: number;
}

/**
 * Starts the cluster; everything it starts is disposed with `leftovers` (replicas first, then
 * the proxy, the simulator and the schema).
 */
export async function startSoakCluster(
  leftovers: Leftovers,
  options: ClusterOptions,
): Promise<SoakCluster> {
  const ports = [await freePort(), await freePort()];
  const urls = ports.map((port) => `http://127.0.0.1:${port}`);
  const proxy = await startRoundRobinProxy(urls);
  const world = await startReplicaWorld(leftovers, {
    name: 'soak',
    timeScale: options.timeScale,
    instances: options.instances,
    pollIntervalMs: options.pollIntervalMs,
    config: {
      publicUrl: proxy.url,
      // generated once in the database, so both replicas accept every instance's deliveries
      webhookTokens: [],
      maxStreamsPerKey: 1_000,
    },
  }).catch(async (error: unknown) => {
    await proxy.stop();
    throw error;
  });
  // registered after the world, so it stops before the simulator that posts to it
  leftovers.add(proxy, (p) => p.stop());
  const replicas: ReplicaSlot[] = urls.map((url, i) => ({
    name: String.fromCharCode(65 + i),
    url,
    process: null,
    pids: [],
  }));
  const outputs: string[] = [];
  const configOf = (slot: ReplicaSlot): GatewayConfig => ({
    ...world.config,
    port: Number(new URL(slot.url).port),
  });
  const kill = async (slot: ReplicaSlot) => {
    const running = slot.process;
    slot.process = null;
    if (running) {
      await running.kill();
      outputs.push(`--- replica ${slot.name} (pid ${running.child.pid}) ---\n${running.output()}`);
    }
  };
  const restart = async (slot: ReplicaSlot) => {
    const started = await startReplicaProcess({
      config: configOf(slot),
      databaseSchema: world.db.schema,
    });
    slot.process = started;
    slot.pids.push(started.child.pid ?? 0);
  };
  for (const slot of replicas) {
    leftovers.add(slot, kill);
  }
  // one after the other: the first generates the webhook master secret, the second reads it
  for (const slot of replicas) {
    await restart(slot);
  }
  return {
    world,
    proxy,
    replicas,
    kill,
    restart,
    rss: async (slot) => (slot.process ? residentBytes(slot.process.child.pid ?? 0) : null),
    output: () =>
      [
        ...outputs,
        ...replicas.map((s) => `--- replica ${s.name} ---\n${s.process?.output() ?? ''}`),
      ].join('\n'),
  };
}

/** `VmRSS` of process `pid` from `/proc/<pid>/status`, in bytes (null when it is gone). */
export async function residentBytes(pid: number): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb === undefined ? null : Number(kb) * 1024;
  } catch {
    return null;
  }
}
