import { randomBytes } from 'node:crypto';
import { createSimulator } from '@wawp-gateway/gateway/simulator';
import { testConfig } from '../utils/gateway-harness';
import { createLeftovers } from '../utils/leftovers';
import { createTestSchema, type TestSchema } from '../utils/pg-schema';
import { type BenchReplica, startBenchReplica } from './scale-replicas';

const SCHEMA_PREFIX = 'bench_scale_';

/**
 * Drops the `bench_scale_<pid>_*` schemas whose process is gone (a run killed past its budget,
 * before its `finally` ran).
 */
async function dropOrphanSchemas(db: TestSchema): Promise<void> {
  const { rows } = await db.pool.query<{ name: string }>(
    `select nspname as name from pg_namespace where nspname like $1`,
    [`${SCHEMA_PREFIX}%`],
  );
  for (const { name } of rows) {
    const pid = Number(/^bench_scale_(\d+)_/.exec(name)?.[1]);
    if (!pid || pid === process.pid) {
      continue;
    }
    try {
      process.kill(pid, 0);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') {
        await db.pool.query(`drop schema if exists "${name}" cascade`);
      }
    }
  }
}

/** Options of {@link startScaleCluster}. */
export interface ScaleClusterOptions {
  replicas: number;
  instances: number;
  pollIntervalMs: number;
  /** The simulator's `timeScale` (lifecycle timings divided by it). */
  timeScale: number;
  /** `GatewayConfig.bus`: a `redis://` URL, or null for Postgres LISTEN/NOTIFY. */
  bus: string | null;
}

/** Replicas on one scratch schema in front of one standalone simulator. */
export interface ScaleCluster {
  replicas: BenchReplica[];
  urls: string[];
  instanceIds: string[];
  db: TestSchema;
  adminKey: string;
  webhookToken: string;
  /**
   * `session/info` reads the simulator received per instance since the last call (unix ms),
   * from its request logger: unlike `/_sim/requests` it has no 10,000-entry cap.
   */
  takeReads(): Map<string, number[]>;
  /** Stops the replicas (SIGTERM, then SIGKILL), the simulator, and drops the schema. */
  stop(): Promise<void>;
}

/**
 * Starts the simulator (in this process, `instances` instances, quota as large), a fresh
 * `bench_scale_<pid>_*` schema on the test Postgres (dropping those of runs that are gone), and `replicas` gateway processes on it, all
 * started together (the migrations take an advisory lock). On failure everything is undone.
 */
export async function startScaleCluster(options: ScaleClusterOptions): Promise<ScaleCluster> {
  const leftovers = createLeftovers();
  let reads = new Map<string, number[]>();
  const record = (entry: { path?: string; instance_id?: string | null; timestamp?: number }) => {
    if (entry.path === '/v2/session/info' && entry.instance_id && entry.timestamp) {
      const times = reads.get(entry.instance_id) ?? [];
      times.push(entry.timestamp);
      reads.set(entry.instance_id, times);
    }
  };
  try {
    // the pid in the name lets a later run drop what a killed run left
    const db = createTestSchema(leftovers, `${SCHEMA_PREFIX}${process.pid}`);
    await dropOrphanSchemas(db);
    const simulator = leftovers.add(
      createSimulator({
        port: 0,
        instances: options.instances,
        quota: Math.max(options.instances, 1),
        timeScale: options.timeScale,
        accessToken: `scale-${randomBytes(6).toString('hex')}`,
        logger: { info: (obj) => record(obj as Parameters<typeof record>[0]), warn() {} },
      }),
      (s) => s.stop(),
    );
    await simulator.start();
    const webhookToken = `scale-webhook-${randomBytes(16).toString('hex')}`;
    const config = testConfig({
      wawpBaseUrl: simulator.url,
      wawpAccessToken: simulator.accessToken,
      wawpInstanceIds: simulator.instanceIds(),
      databaseUrl: db.databaseUrl,
      pollIntervalMs: options.pollIntervalMs,
      webhookTokens: [webhookToken],
      maxStreamsPerKey: 10_000,
      logLevel: 'warn',
      bus: options.bus,
    });
    const started = await Promise.allSettled(
      Array.from({ length: options.replicas }, () => startBenchReplica(config, db.schema)),
    );
    const replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    leftovers.add(replicas, (all) => Promise.all(all.map((r) => r.stop())));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) {
      throw failed.reason;
    }
    return {
      replicas,
      urls: replicas.map((r) => r.url),
      instanceIds: simulator.instanceIds(),
      db,
      adminKey: config.adminKey as string,
      webhookToken,
      takeReads() {
        const taken = reads;
        reads = new Map();
        return taken;
      },
      stop: () => leftovers.disposeAll(),
    };
  } catch (error) {
    await leftovers.disposeAll().catch(() => {});
    throw error;
  }
}
