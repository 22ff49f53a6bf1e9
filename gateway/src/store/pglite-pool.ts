import type { PGlite } from '@electric-sql/pglite';
import type { PostgresCursor, PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';
import type { Mutex } from './mutex';

type Command = PostgresQueryResult<unknown>['command'];

/**
 * @private A kysely `PostgresPool` over one PGlite instance, so PGlite runs through kysely's own
 * `PostgresDialect` — the same dialect, SQL and migrations as node-postgres. It exists because
 * `kysely-pglite` pulls in kysely-codegen with a peer conflict. PGlite has a single connection:
 * `connect()` takes `mutex` and `release()` gives it back, so a kysely transaction (which holds
 * its client from BEGIN to COMMIT) never interleaves with another query. Anything else that
 * talks to the same PGlite (LISTEN, leases, close) must go through the same mutex.
 */
export function createPglitePool(db: PGlite, mutex: Mutex): PostgresPool {
  return {
    async connect() {
      const release = await mutex.acquire();
      return new PgliteClient(db, release);
    },
    // The engine closes PGlite itself, after leases and listeners are done with it.
    async end() {},
  };
}

class PgliteClient implements PostgresPoolClient {
  readonly #db: PGlite;
  readonly #release: () => void;

  constructor(db: PGlite, release: () => void) {
    this.#db = db;
    this.#release = release;
  }

  query<R>(sql: string, parameters: ReadonlyArray<unknown>): Promise<PostgresQueryResult<R>>;
  query<R>(cursor: PostgresCursor<R>): PostgresCursor<R>;
  query<R>(
    sqlOrCursor: string | PostgresCursor<R>,
    parameters: ReadonlyArray<unknown> = [],
  ): Promise<PostgresQueryResult<R>> | PostgresCursor<R> {
    if (typeof sqlOrCursor !== 'string') {
      throw new Error('PGlite pool: cursors are not supported');
    }
    return this.#db.query<R>(sqlOrCursor, [...parameters]).then((result) => ({
      // kysely reads the command tag for affected rows and for a COMMIT that became ROLLBACK
      command: (result.command ?? 'SELECT') as Command,
      rowCount: result.rowCount ?? result.affectedRows ?? 0,
      rows: result.rows,
    }));
  }

  release(): void {
    this.#release();
  }
}
