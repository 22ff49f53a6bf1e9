/**
 * Shared set-up of the events e2e tests: gateways with their embedded simulator on a schema of
 * their own on the test Postgres; a standalone simulator that outlives the gateways using it, and
 * gateways built with `buildGateway` against it (Postgres or PGlite on disk).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGateway, type Gateway, type GatewayConfig } from '@wawp-gateway/gateway';
import { createSimulator, type Simulator } from '@wawp-gateway/gateway/simulator';
import { repoRoot } from '../utils/child-gateway';
import { subscribeEvents } from '../utils/event-stream';
import {
  collectLines,
  type Harness,
  type HarnessOptions,
  startGateway,
  testConfig,
  urlOf,
} from '../utils/gateway-harness';
import { dataOf, gql } from '../utils/graphql-http';
import { connectWs } from '../utils/graphql-ws-client';
import type { Leftovers } from '../utils/leftovers';
import { createTestSchema, type TestSchema } from '../utils/pg-schema';
import { type SimControl, simControl } from '../utils/simulator-control';

/** A {@link startGatewayOnPostgres} gateway and its schema. */
export type PostgresHarness = Harness & { db: TestSchema };

/**
 * A gateway with its embedded simulator ({@link startGateway}) whose store is a fresh schema of
 * the test Postgres, logging at `warn` unless `options.config` says otherwise. Both are disposed
 * with `leftovers`, the gateway first.
 */
export async function startGatewayOnPostgres(
  leftovers: Leftovers,
  options: Omit<HarnessOptions, 'databaseSchema'> = {},
): Promise<PostgresHarness> {
  const db = createTestSchema(leftovers);
  const harness = leftovers.add(
    await startGateway({
      ...options,
      config: { logLevel: 'warn', ...options.config, databaseUrl: db.databaseUrl },
      databaseSchema: db.schema,
    }),
    (started) => started.stop(),
  );
  return { ...harness, db };
}

/** Runs `mutation($id: ID!) { <field>(instanceId: $id) { status } }` with `key`; fails on errors. */
export const sessionAction = async (
  url: string,
  key: string,
  field: 'startSession' | 'logout',
  id: string,
) =>
  dataOf(
    await gql<Record<string, { status: string }>>(
      url,
      key,
      `mutation($id: ID!) { ${field}(instanceId: $id) { status } }`,
      { id },
    ),
  );

/** Times of the `session/info` requests the simulator logged for `id` within `[from, to]`. */
export const infoAtSimulator = async (
  sim: SimControl,
  id: string,
  from: number,
  to = Number.POSITIVE_INFINITY,
) =>
  (await sim.requests(id))
    .filter((r) => r.path.endsWith('/session/info') && r.timestamp >= from && r.timestamp <= to)
    .map((r) => r.timestamp);

/** Starts a simulator of its own (not embedded in a gateway), so it survives gateway restarts. */
export async function startSimulator(options: {
  timeScale: number;
  instances: number;
  /** Instance ids derive from it: a token of its own keeps a file's ids (and locks) apart. */
  accessToken?: string;
}) {
  const simulator: Simulator = createSimulator({ port: 0, ...options });
  await simulator.start();
  return simulator;
}

/** A started gateway, its captured log lines and the upstream URLs it requested, with times. */
export interface TestGateway {
  gateway: Gateway;
  url: string;
  logs: string[];
  /** Every request its Wawp client sent: when, where, and the instance it named. */
  upstream: { at: number; url: string; instanceId: string | null }[];
}

/** Options of {@link startTestGateway}. */
export interface TestGatewayOptions {
  simulator: Simulator;
  config?: Partial<GatewayConfig>;
  /** Postgres schema (with `config.databaseUrl`). */
  databaseSchema?: string;
}

/**
 * Builds and starts a gateway in front of `simulator` with every simulator instance registered.
 * With `config.databaseUrl` unset it uses PGlite on disk under `config.dataDir`.
 */
export async function startTestGateway(options: TestGatewayOptions): Promise<TestGateway> {
  const logs: string[] = [];
  const upstream: TestGateway['upstream'] = [];
  const { simulator } = options;
  const config = testConfig({
    wawpBaseUrl: simulator.url,
    wawpAccessToken: simulator.accessToken,
    wawpInstanceIds: simulator.instanceIds(),
    logLevel: 'warn',
    ...options.config,
  });
  const gateway = await buildGateway(config, {
    logDestination: collectLines(logs),
    fetch: (input, init) => {
      const url = urlOf(input);
      upstream.push({ at: Date.now(), url, instanceId: instanceIdOf(url, init?.body) });
      return fetch(input, init);
    },
    consoleDir: null,
    memoryDatabase: false,
    databaseSchema: options.databaseSchema,
  });
  const url = await gateway.start(config.port);
  return { gateway, url, logs, upstream };
}

/** The `instance_id` a Wawp request names (JSON body, or the query of a GET). */
function instanceIdOf(url: string, body: unknown): string | null {
  if (typeof body === 'string') {
    try {
      const id = (JSON.parse(body) as { instance_id?: unknown }).instance_id;
      return typeof id === 'string' ? id : null;
    } catch {
      return null;
    }
  }
  return new URL(url).searchParams.get('instance_id');
}

/** Times at which `gateway` sent `session/info` for `instanceId`, from `from` on. */
export const infoSentBy = (gateway: TestGateway, instanceId: string, from = 0) =>
  gateway.upstream
    .filter((r) => r.at >= from && r.url.includes('/session/info') && r.instanceId === instanceId)
    .map((r) => r.at);

/** A gateway replica running in a child process (`replica-process.ts`). */
export interface ReplicaProcess {
  url: string;
  child: ChildProcess;
  /** What it printed (its log goes to stderr). */
  output(): string;
  /** SIGKILL: no drain, no lease release; its database connections die with it. */
  kill(): Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));

/**
 * Starts `buildGateway(config)` in a child process (`node --import tsx`), resolving once it
 * listens. The child is killed when this process exits, should `kill` never be called.
 */
export async function startReplicaProcess(options: {
  config: GatewayConfig;
  databaseSchema: string;
}): Promise<ReplicaProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'replica-process.ts')], {
    cwd: repoRoot,
    env: { ...process.env, REPLICA_OPTIONS: JSON.stringify(options) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const kill = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
    await exited;
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`replica not ready in 30 s:\n${output}`)),
      30_000,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const ready = /REPLICA_READY (\S+)/.exec(output);
      if (ready?.[1]) {
        clearTimeout(timer);
        resolve(ready[1]);
      }
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`replica exited (${code ?? signal}) before it was ready:\n${output}`));
    });
  }).catch(async (error: unknown) => {
    await kill();
    throw error;
  });
  return { url, child, output: () => output, kill };
}

/**
 * Starts `instanceId`'s session at the simulator itself (not through a gateway), the way its
 * owner would from Wawp's dashboard: a gateway hears of it only through webhooks or polls.
 */
export async function startAtSimulator(simulator: Simulator, instanceId: string): Promise<void> {
  const response = await fetch(`${simulator.url}/v2/session/start`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ instance_id: instanceId, access_token: simulator.accessToken }),
  });
  if (response.status !== 200) {
    throw new Error(`session/start at the simulator answered ${response.status}`);
  }
}

/** What the replicas of one test share: a standalone simulator, a fresh schema, one config. */
export interface ReplicaWorld {
  simulator: Simulator;
  sim: SimControl;
  db: TestSchema;
  /** Every simulator instance registered, on the schema, logging at `warn`. */
  config: GatewayConfig;
  adminKey: string;
}

/**
 * Starts a {@link ReplicaWorld}: `name` names the schema (`e2e_<name>`) and the simulator's token
 * (so a file's instance ids, and their locks, stay apart from other files').
 */
export async function startReplicaWorld(
  leftovers: Leftovers,
  options: {
    name: string;
    timeScale: number;
    instances: number;
    pollIntervalMs: number;
    config?: Partial<GatewayConfig>;
  },
): Promise<ReplicaWorld> {
  const db = createTestSchema(leftovers, `e2e_${options.name}`);
  const simulator = leftovers.add(
    await startSimulator({
      timeScale: options.timeScale,
      instances: options.instances,
      accessToken: `${options.name}-${randomBytes(6).toString('hex')}`,
    }),
    (s) => s.stop(),
  );
  const config = testConfig({
    wawpBaseUrl: simulator.url,
    wawpAccessToken: simulator.accessToken,
    wawpInstanceIds: simulator.instanceIds(),
    databaseUrl: db.databaseUrl,
    pollIntervalMs: options.pollIntervalMs,
    logLevel: 'warn',
    ...options.config,
  });
  return { simulator, sim: simControl(simulator.url), db, config, adminKey: config.adminKey! };
}

/** An admin `sessionEvents` subscription to `id` on the gateway at `url`, disposed with `leftovers`. */
export function watchAsAdmin(leftovers: Leftovers, url: string, adminKey: string, id: string) {
  const connection = leftovers.add(connectWs(url, `Bearer ${adminKey}`), (c) => c.dispose());
  return leftovers.add(subscribeEvents(connection, { id }), (s) => s.stop());
}
