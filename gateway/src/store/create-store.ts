import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Kysely, sql } from 'kysely';
import { createBus } from './bus';
import type { Database } from './database';
import { createDeliveryLog } from './deliveries';
import { createDirectory } from './directory';
import type { Engine, RetryDelays } from './engine';
import { createEventLog } from './event-log';
import { createGatewaySecrets } from './gateway-secrets';
import { LEASE_BALANCE_EVERY_MS } from './lease-balancer';
import { createLeases } from './leases';
import { migrateToLatest } from './migrate';
import {
  assertSchemaName,
  toChannelName,
  toLeaseNamespace,
  toTransitionNamespace,
} from './namespace';
import { createNotificationDeliveries } from './notification-deliveries';
import { createNotificationEndpoints } from './notification-endpoints';
import { createPgliteEngine } from './pglite-engine';
import { createPostgresEngine } from './postgres-engine';
import { createReadClaims } from './read-claims';
import { createRedisBus } from './redis-bus';
import { createStateStore } from './states';
import type { Store, StoreLogger } from './store-types';

/** Options of `createStore`. */
export interface StoreOptions {
  /** A Postgres URL: use that server (every replica shares it). Unset: embedded PGlite. */
  databaseUrl?: string;
  /** PGlite keeps its files in `<dataDir>/pglite`. Ignored with `databaseUrl` or `memory`. @default '.data' */
  dataDir?: string;
  /** PGlite in memory, gone on close (tests). Ignored with `databaseUrl`. @default false */
  memory?: boolean;
  /** The Postgres schema holding the tables; lowercase identifier, at most 58 characters. @default 'public' */
  schema?: string;
  /** Prefix of `application_name` (`<name>:pool|listen|leases`) on Postgres. @default 'wawp-gateway' */
  applicationName?: string;
  /** Max query connections on Postgres (LISTEN and leases use one more each). @default 10 */
  poolSize?: number;
  /** Backoff of the LISTEN reconnection on Postgres. @default { initialDelayMs: 250, maxDelayMs: 10_000 } */
  listenRetry?: Partial<RetryDelays>;
  /** Expiry of a poll lease acquired without one of its own (`LeaseTiming`). @default 9_000 // ms */
  leaseExpiryMs?: number;
  /**
   * `redis://…`: events also travel between replicas over Redis (`createRedisBus`), so a replica
   * reads from the log only what the bus did not bring. Unset: NOTIFY, then each replica reads
   * every event back from the log.
   */
  busUrl?: string;
  /** @default no logging */
  logger?: StoreLogger;
}

const silent: StoreLogger = { info() {}, warn() {}, error() {} };

/**
 * Opens the store: PostgreSQL at `databaseUrl`, else PGlite (in memory, or on disk under
 * `dataDir`). Creates `schema` if needed and runs the migrations to the latest (idempotent, safe
 * from several replicas at once). Rejects, with nothing left open, when the database cannot be
 * reached or a migration fails. The database URL is never logged.
 */
export async function createStore(options: StoreOptions = {}): Promise<Store> {
  const schema = options.schema ?? 'public';
  assertSchemaName(schema);
  const logger = options.logger ?? silent;
  const channel = toChannelName(schema);
  const engine = await openEngine(options, schema, channel, logger);
  const db = new Kysely<Database>({ dialect: engine.dialect });
  try {
    const applied = await migrateToLatest(db, schema);
    logger.info({ engine: engine.kind, schema, applied }, 'store: ready');
  } catch (err) {
    await db.destroy().catch(() => {});
    await engine.close().catch(() => {});
    throw err;
  }

  const payloads = options.busUrl
    ? createRedisBus({ url: options.busUrl, prefix: channel, logger })
    : null;
  const onCommitted = payloads ? payloads.publish : undefined;
  const owner = `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const leases = createLeases(engine.lockSession, {
    owner,
    namespace: toLeaseNamespace(schema),
    advisoryLocks: engine.kind === 'postgres',
    expiryMs: options.leaseExpiryMs,
    // replicas share Postgres; PGlite belongs to one process, whose leases need no spreading
    balanceEveryMs: engine.kind === 'postgres' ? LEASE_BALANCE_EVERY_MS : undefined,
    logger,
  });
  let closing: Promise<void> | null = null;
  const shutdown = async () => {
    await leases.releaseAll().catch((err: Error) => {
      logger.warn({ err: err.message }, 'store: releasing leases failed');
    });
    await payloads?.close();
    await db.destroy();
    await engine.close();
  };
  return {
    engine: engine.kind,
    schema,
    directory: createDirectory(db, channel, { exclusive: engine.kind === 'pglite' }),
    events: createEventLog(db, channel, onCommitted),
    deliveries: createDeliveryLog(db),
    secrets: createGatewaySecrets(db),
    notifications: {
      endpoints: createNotificationEndpoints(db),
      deliveries: createNotificationDeliveries(db),
    },
    states: createStateStore(db, {
      channel,
      lockNamespace: toTransitionNamespace(schema),
      onCommitted,
    }),
    bus: createBus(engine, channel, logger),
    payloads,
    leases,
    readClaims: engine.kind === 'postgres' ? createReadClaims(db, owner, logger) : null,
    async ping() {
      await sql`select 1`.execute(db);
    },
    close: () => {
      closing ??= shutdown();
      return closing;
    },
  };
}

function openEngine(
  options: StoreOptions,
  schema: string,
  channel: string,
  logger: StoreLogger,
): Promise<Engine> {
  if (options.databaseUrl) {
    return Promise.resolve(
      createPostgresEngine({
        databaseUrl: options.databaseUrl,
        schema,
        channel,
        applicationName: options.applicationName ?? 'wawp-gateway',
        poolSize: options.poolSize ?? 10,
        retry: { initialDelayMs: 250, maxDelayMs: 10_000, ...options.listenRetry },
        logger,
      }),
    );
  }
  const dataDir = options.memory ? null : join(options.dataDir ?? '.data', 'pglite');
  return createPgliteEngine({ dataDir, schema, channel });
}
