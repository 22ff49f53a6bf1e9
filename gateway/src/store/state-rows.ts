import type { Account, QrCode, SessionState, SessionStatus } from '@wawp-gateway/schema';
import { type Kysely, type Selectable, sql } from 'kysely';
import type { Database } from './database';
import { toQrCode } from './event-codec';
import type { PutStateOptions, StoredSessionState } from './store-types';

type StateRow = Selectable<Database['instance_state']>;

/**
 * @private The stored states of `instanceIds`, in their order (`null` where none). `db` may be a
 * kysely transaction.
 */
export async function readStates(
  db: Kysely<Database>,
  instanceIds: readonly string[],
): Promise<(StoredSessionState | null)[]> {
  if (instanceIds.length === 0) {
    return [];
  }
  const rows = await db
    .selectFrom('instance_state')
    .selectAll()
    .where('instance_id', 'in', [...new Set(instanceIds)])
    .execute();
  const byId = new Map(rows.map((row) => [row.instance_id, toStoredState(row)]));
  return instanceIds.map((id) => byId.get(id) ?? null);
}

/**
 * @private The conditional upsert behind `StateStore.put` (rules in `PutStateOptions`); `true`
 * when it applied, `false` when refused as older. `db` may be a kysely transaction.
 */
export async function upsertState(
  db: Kysely<Database>,
  state: SessionState,
  { upstreamTs = null, qrCode, readUntil = null }: PutStateOptions = {},
): Promise<boolean> {
  const keepQr = qrCode === undefined;
  const row = await db
    .insertInto('instance_state')
    .values({
      instance_id: state.instanceId,
      status: state.status,
      stale: state.stale,
      me: state.me ? JSON.stringify(state.me) : null,
      qr: qrCode ? JSON.stringify(qrCode) : null,
      observed_at: state.observedAt,
      upstream_ts: upstreamTs,
      read_until: readUntil,
    })
    .onConflict((oc) =>
      oc
        .column('instance_id')
        .doUpdateSet({
          status: (eb) => eb.ref('excluded.status'),
          stale: (eb) => eb.ref('excluded.stale'),
          me: (eb) => eb.ref('excluded.me'),
          // a QR exists only while SCAN_QR_CODE: omitted, keep it there, drop it elsewhere
          qr: sql`case when ${keepQr} and excluded.status = 'SCAN_QR_CODE'
            then instance_state.qr else excluded.qr end`,
          observed_at: (eb) => eb.ref('excluded.observed_at'),
          upstream_ts: sql`greatest(instance_state.upstream_ts, excluded.upstream_ts)`,
          read_until: sql`greatest(instance_state.read_until, excluded.read_until)`,
          updated_at: sql`now()`,
        })
        // refuse to go backwards: only an older upstream timestamp is refused
        .where(
          sql<boolean>`excluded.upstream_ts is null or instance_state.upstream_ts is null
            or excluded.upstream_ts >= instance_state.upstream_ts`,
        ),
    )
    .returning('instance_id')
    .executeTakeFirst();
  return row !== undefined;
}

function toStoredState(row: StateRow): StoredSessionState {
  const qr = row.qr as Parameters<typeof toQrCode>[0] | null;
  return {
    session: {
      instanceId: row.instance_id,
      status: row.status as SessionStatus,
      me: row.me as Account | null,
      observedAt: row.observed_at,
      stale: row.stale,
    } satisfies SessionState,
    qrCode: qr ? (toQrCode(qr) satisfies QrCode) : null,
    upstreamTs: row.upstream_ts == null ? null : Number(row.upstream_ts),
    readUntil: row.read_until,
  };
}
