import { randomBytes } from 'node:crypto';
import type {
  EndpointWithSecret,
  NotificationEndpointInput,
  NotificationEndpointRecord,
  NotificationKind,
} from '@wawp-gateway/schema';
import { type Kysely, type Selectable, sql } from 'kysely';
import { ulid } from 'ulid';
import type { Database } from './database';

/** How long a rotated-out secret keeps signing beside the new one. */
export const SECRET_OVERLAP_MS = 24 * 60 * 60_000;

/** @private A Standard Webhooks secret: `whsec_` + base64 of 32 random bytes. */
export const makeSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/** An endpoint with what signing needs: its secrets (the rotated-out one while it overlaps). */
export interface SigningEndpoint extends NotificationEndpointRecord {
  secrets: string[];
}

type Row = Selectable<Database['notification_endpoints']>;

/** @private The integrators' notification endpoints. */
export function createNotificationEndpoints(db: Kysely<Database>) {
  const values = (input: NotificationEndpointInput) => ({
    url: input.url,
    kinds: JSON.stringify(input.kinds),
    description: input.description,
    include_connect_link: input.includeConnectLink,
    connect_link_ttl_minutes: input.connectLinkTtlMinutes,
  });
  const one = async (id: string) =>
    db.selectFrom('notification_endpoints').selectAll().where('id', '=', id).executeTakeFirst();

  return {
    async list(tenantId: string): Promise<NotificationEndpointRecord[]> {
      const rows = await db
        .selectFrom('notification_endpoints')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .orderBy('created_at')
        .orderBy('id')
        .execute();
      return rows.map(toRecord);
    },
    get: async (id: string) => {
      const row = await one(id);
      return row ? toRecord(row) : null;
    },
    /** With its secrets, for signing; `null` when it is gone. */
    forSigning: async (id: string): Promise<SigningEndpoint | null> => {
      const row = await one(id);
      return row ? toSigning(row) : null;
    },
    async create(tenantId: string, input: NotificationEndpointInput): Promise<EndpointWithSecret> {
      const secret = makeSigningSecret();
      const row = await db
        .insertInto('notification_endpoints')
        .values({ id: `ne_${ulid()}`, tenant_id: tenantId, secret, ...values(input) })
        .returningAll()
        .executeTakeFirstOrThrow();
      return { endpoint: toRecord(row), secret };
    },
    async update(id: string, input: NotificationEndpointInput) {
      const row = await db
        .updateTable('notification_endpoints')
        .set(values(input))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    /** Enables (clearing why it was disabled, and its failing streak) or disables it. */
    async setEnabled(id: string, enabled: boolean, reason: string | null = null) {
      const row = await db
        .updateTable('notification_endpoints')
        .set(
          enabled
            ? { enabled: true, disabled_reason: null, failing_since: null }
            : { enabled: false, disabled_reason: reason },
        )
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async delete(id: string) {
      const { numDeletedRows } = await db
        .deleteFrom('notification_endpoints')
        .where('id', '=', id)
        .executeTakeFirst();
      return numDeletedRows > 0n;
    },
    async rotate(id: string): Promise<EndpointWithSecret | null> {
      const secret = makeSigningSecret();
      const row = await db
        .updateTable('notification_endpoints')
        .set((eb) => ({
          previous_secret: eb.ref('secret'),
          previous_secret_until: new Date(Date.now() + SECRET_OVERLAP_MS),
          secret,
        }))
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      return row ? { endpoint: toRecord(row), secret } : null;
    },
    /** Notes an attempt's outcome for the 3-day rule; resolves when the streak began. */
    async noteOutcome(id: string, ok: boolean): Promise<Date | null> {
      const row = await db
        .updateTable('notification_endpoints')
        .set({ failing_since: ok ? null : sql<Date>`coalesce(failing_since, now())` })
        .where('id', '=', id)
        .returning('failing_since')
        .executeTakeFirst();
      return row?.failing_since ?? null;
    },
    /** Whether any tenant has an enabled endpoint (else the outbox has nothing to plan). */
    async anyEnabled(): Promise<boolean> {
      const row = await db
        .selectFrom('notification_endpoints')
        .select('id')
        .where('enabled', '=', true)
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
    /** The enabled endpoints of a tenant that want `kind`. */
    async subscribed(tenantId: string, kind: NotificationKind): Promise<SigningEndpoint[]> {
      const rows = await db
        .selectFrom('notification_endpoints')
        .selectAll()
        .where('tenant_id', '=', tenantId)
        .where('enabled', '=', true)
        .execute();
      return rows.map(toSigning).filter((endpoint) => endpoint.kinds.includes(kind));
    },
  };
}

export type NotificationEndpoints = ReturnType<typeof createNotificationEndpoints>;

function toRecord(row: Row): NotificationEndpointRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    url: row.url,
    kinds: row.kinds as NotificationKind[],
    description: row.description,
    includeConnectLink: row.include_connect_link,
    connectLinkTtlMinutes: row.connect_link_ttl_minutes,
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    createdAt: row.created_at,
  };
}

function toSigning(row: Row): SigningEndpoint {
  const overlapping =
    row.previous_secret && row.previous_secret_until && row.previous_secret_until > new Date();
  return {
    ...toRecord(row),
    secrets: overlapping && row.previous_secret ? [row.secret, row.previous_secret] : [row.secret],
  };
}
