import { Kysely } from 'kysely';
import { TEST_DATABASE_URL } from '../testing/database-url';
import type { Database } from './database';
import type { LockSession } from './engine';
import { createLeases, type LeasesOptions } from './leases';
import { migrateToLatest } from './migrate';
import { toChannelName, toLeaseNamespace } from './namespace';
import { KEEPALIVE, startupOptions } from './pg-connection';
import { createPgSession } from './pg-session';
import { createPgliteEngine } from './pglite-engine';
import type { Leases } from './store-types';

const silent = { info() {}, warn() {}, error() {} };

/** @private A lock session whose queries can be held back, as if its process were stopped. */
export interface PausableSession extends LockSession {
  /** Queries wait from now on (those already sent finish). */
  pause(): void;
  /** Sends the waiting queries. */
  resume(): void;
}

function pausable(session: LockSession): PausableSession {
  let gate: { promise: Promise<void>; open: () => void } | null = null;
  return {
    async query<R>(sql: string, params: unknown[]) {
      while (gate) {
        await gate.promise;
      }
      return session.query<R>(sql, params);
    },
    onLost: (listener) => session.onLost(listener),
    pause() {
      let open = () => {};
      const promise = new Promise<void>((resolve) => {
        open = resolve;
      });
      gate ??= { promise, open };
    },
    resume() {
      const opened = gate;
      gate = null;
      opened?.open();
    },
  };
}

/** @private One store's leases in a {@link LeaseRig}, with its session. */
export interface RigLeases {
  leases: Leases;
  session: PausableSession;
  /** Every `onLost` call, in order. */
  lost: string[][];
}

/** @private Leases of several owners over one migrated schema, for the lease tests. */
export interface LeaseRig {
  /** Leases of a new owner: on Postgres with a connection (and advisory locks) of its own. */
  owner(name: string, options?: Partial<LeasesOptions>): Promise<RigLeases>;
  /** Runs SQL on the schema outside any owner. */
  sql<R>(text: string, params?: unknown[]): Promise<R[]>;
  /** Terminates the Postgres connection of the owner `name`. */
  terminate(name: string): Promise<void>;
  close(): Promise<void>;
}

const wrap = (session: LockSession, options: LeasesOptions): RigLeases => {
  const paused = pausable(session);
  const lost: string[][] = [];
  const leases = createLeases(paused, options);
  leases.onLost((ids) => lost.push([...ids].sort()));
  return { leases, session: paused, lost };
};

/** @private PGlite in memory: every owner shares its one session, so no advisory locks. */
export async function pgliteLeaseRig(schema: string): Promise<LeaseRig> {
  const engine = await createPgliteEngine({
    dataDir: null,
    schema,
    channel: toChannelName(schema),
  });
  const db = new Kysely<Database>({ dialect: engine.dialect });
  await migrateToLatest(db, schema);
  const rig: RigLeases[] = [];
  return {
    async owner(name, options) {
      const made = wrap(engine.lockSession, {
        owner: name,
        namespace: toLeaseNamespace(schema),
        advisoryLocks: false,
        logger: silent,
        ...options,
      });
      rig.push(made);
      return made;
    },
    sql: (text, params = []) => engine.lockSession.query(text, params),
    terminate: () => Promise.reject(new Error('PGlite has no connections to terminate')),
    async close() {
      await Promise.all(rig.map((r) => r.leases.releaseAll().catch(() => {})));
      await db.destroy();
      await engine.close();
    },
  };
}

/** @private The test Postgres on `schema` (already migrated by a store), one connection per owner. */
export async function postgresLeaseRig(schema: string): Promise<LeaseRig> {
  const connect = (name: string) =>
    createPgSession(
      {
        connectionString: TEST_DATABASE_URL,
        application_name: `${schema}_${name}`,
        options: startupOptions({ search_path: schema }),
        ...KEEPALIVE,
      },
      silent,
    );
  const admin = connect('admin');
  const sessions: { close(): Promise<void> }[] = [admin];
  const rig: RigLeases[] = [];
  return {
    async owner(name, options) {
      const session = connect(name);
      sessions.push(session);
      const made = wrap(session, {
        owner: name,
        namespace: toLeaseNamespace(schema),
        advisoryLocks: true,
        logger: silent,
        ...options,
      });
      rig.push(made);
      return made;
    },
    sql: (text, params = []) => admin.query(text, params),
    async terminate(name) {
      await admin.query(
        'select pg_terminate_backend(pid) from pg_stat_activity where application_name = $1',
        [`${schema}_${name}`],
      );
    },
    async close() {
      for (const r of rig) {
        r.session.resume();
      }
      await Promise.all(rig.map((r) => r.leases.releaseAll().catch(() => {})));
      await Promise.all(sessions.map((s) => s.close()));
    },
  };
}
