import type { ColumnType, Generated } from 'kysely';

/** @private `bigint` as read: node-postgres gives a string, PGlite a number. */
export type Int8 = ColumnType<string | number | bigint, number | string, number | string>;
/** @private JSONB, written as a JSON string (node-postgres would turn arrays into PG arrays). */
export type Jsonb = ColumnType<unknown, string, string>;
type NullableJsonb = ColumnType<unknown, string | null, string | null>;
type NullableInt8 = ColumnType<string | number | bigint | null, number | null, number | null>;
type CreatedAt = ColumnType<Date, never, never>;

/** @private The tables, as kysely sees them; see `migrations/` for the DDL. */
export interface Database {
  tenants: { id: string; name: string; created_at: CreatedAt; branding: NullableJsonb };
  gateway_secrets: { name: string; value: string; created_at: CreatedAt };
  api_keys: {
    id: string;
    tenant_id: string;
    key_hash: string;
    prefix: string;
    created_at: CreatedAt;
    revoked_at: ColumnType<Date | null, never, Date | null>;
  };
  instances: {
    instance_id: string;
    label: string | null;
    tenant_id: string | null;
    created_at: CreatedAt;
    /** The log position at which the current tenant received the instance (0: always had it). */
    owner_since_seq: ColumnType<string | number | bigint, number | undefined, number>;
    /** The integrator's own id for the instance (its user), unique per tenant. */
    external_ref: string | null;
  };
  connect_links: {
    id: string;
    instance_id: string;
    tenant_id: string | null;
    token_hash: string;
    return_url: string | null;
    created_at: CreatedAt;
    expires_at: Date;
    used_at: Date | null;
    revoked_at: Date | null;
  };
  connect_link_codes: { link_id: string; requested_at: ColumnType<Date, never, never> };
  notification_endpoints: {
    id: string;
    tenant_id: string;
    url: string;
    kinds: Jsonb;
    description: string | null;
    include_connect_link: boolean;
    connect_link_ttl_minutes: number;
    enabled: Generated<boolean>;
    disabled_reason: string | null;
    secret: string;
    previous_secret: string | null;
    previous_secret_until: Date | null;
    failing_since: Date | null;
    created_at: CreatedAt;
  };
  notification_deliveries: {
    id: string;
    endpoint_id: string;
    kind: string;
    instance_id: string | null;
    event_seq: NullableInt8;
    payload: Jsonb;
    status: string;
    attempts: Generated<number>;
    last_response_status: number | null;
    last_error: string | null;
    next_attempt_at: Generated<Date>;
    created_at: CreatedAt;
    queued_at: Generated<Date>;
    delivered_at: Date | null;
    claimed_by: string | null;
    claimed_until: Date | null;
  };
  notification_cursor: { id: number; seq: Int8 };
  notification_tenant_upstream: { tenant_id: string; unhealthy: Jsonb };
  event_seq: { id: number; seq: Int8 };
  session_events: {
    seq: Int8;
    instance_id: string;
    kind: string;
    source: string;
    occurred_at: Date;
    appended_at: CreatedAt;
    payload: Jsonb;
  };
  event_retention: { instance_id: string; pruned_through: Int8 };
  webhook_deliveries: {
    event_id: string;
    instance_id: string | null;
    received_at: CreatedAt;
    body: Jsonb;
    processed_at: Date | null;
  };
  instance_state: {
    instance_id: string;
    status: string;
    stale: boolean;
    me: NullableJsonb;
    qr: NullableJsonb;
    observed_at: Date;
    upstream_ts: NullableInt8;
    read_until: Date | null;
    updated_at: Generated<Date>;
  };
}

/** @private Reads an `int8` whichever driver returned it. */
export function toNumber(value: string | number | bigint): number {
  return Number(value);
}
