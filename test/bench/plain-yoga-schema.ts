import { createRequire } from 'node:module';

/** A `SessionEvent` as the baseline holds it: the fields the fan-out document selects. */
export interface PlainEvent {
  __typename: 'SessionSnapshot' | 'SessionStatusChanged';
  cursor: string;
  instanceId: string;
  occurredAt: Date;
  source: 'GATEWAY' | 'WEBHOOK';
  resumed?: boolean;
  session?: { status: string; me: null; stale: boolean };
  qrCode?: null;
  status?: string;
  previousStatus?: string | null;
}

/** What the schema needs from the server: the event stream of an instance, an execution counter. */
export interface PlainSchemaDeps {
  /** The snapshot, then the instance's pubsub events. */
  subscribe(instanceId: string): AsyncIterable<PlainEvent>;
  /** Called once per execution of a `sessionEvents` result (per subscriber, per event). */
  onExecution(): void;
}

/** The little of Pothos' field builder used here (the test package has no types of it). */
interface FieldBuilder {
  field(options: {
    type: unknown;
    nullable?: boolean;
    args?: Record<string, unknown>;
    subscribe?: (root: unknown, args: { instanceId?: string | null }) => unknown;
    resolve: (value: PlainEvent) => unknown;
  }): unknown;
  expose(name: string, options: { type: unknown; nullable?: boolean }): unknown;
  exposeString(name: string, options?: { nullable?: boolean }): unknown;
  exposeID(name: string, options?: { nullable?: boolean }): unknown;
  exposeBoolean(name: string, options?: { nullable?: boolean }): unknown;
  string(options: { resolve: () => string }): unknown;
  arg: { id(options?: object): unknown; string(options?: object): unknown };
}

type Fields = (t: FieldBuilder) => Record<string, unknown>;

/** The little of Pothos' `SchemaBuilder` used here. */
interface Builder {
  scalarType(
    name: string,
    options: { serialize(value: unknown): unknown; parseValue(value: unknown): unknown },
  ): unknown;
  enumType(name: string, options: { values: readonly string[] }): unknown;
  objectType(name: string, options: { fields: Fields; interfaces?: unknown[] }): unknown;
  interfaceType(
    name: string,
    options: { fields: Fields; resolveType(value: PlainEvent): string },
  ): unknown;
  queryType(options: { fields: Fields }): void;
  subscriptionType(options: { fields: Fields }): void;
  toSchema(): unknown;
}

// Pothos as the schema package has it (CommonJS, sharing graphql's CommonJS module with yoga).
const fromSchema = createRequire(new URL('../../schema/package.json', import.meta.url));

/**
 * The baseline (a) schema, written the way a plain Pothos app writes it: the `SessionEvent`
 * interface with the six kinds the fan-out document spreads on (so it validates, and frames have
 * the gateway's shape), and `Subscription.sessionEvents(instanceId, after)` over
 * `deps.subscribe`. Nullability follows `schema/schema.graphql` where the document reads a field.
 */
export function buildPlainSchema(deps: PlainSchemaDeps): unknown {
  const { default: SchemaBuilder } = fromSchema('@pothos/core') as {
    default: new (options: object) => Builder;
  };
  const builder = new SchemaBuilder({});
  builder.scalarType('DateTime', {
    serialize: (value) => (value instanceof Date ? value.toISOString() : value),
    parseValue: (value) => new Date(String(value)),
  });
  const status = builder.enumType('SessionStatus', {
    values: ['FAILED', 'SCAN_QR_CODE', 'STARTING', 'STOPPED', 'WORKING'],
  });
  const source = builder.enumType('EventSource', { values: ['GATEWAY', 'POLL', 'WEBHOOK'] });
  const reason = builder.enumType('DisconnectReason', {
    values: ['CONNECTION_LOST', 'DEVICE_UNLINKED', 'LOGGED_OUT', 'QR_EXPIRED'],
  });
  const account = builder.objectType('Account', {
    fields: (t) => ({
      id: t.exposeID('id'),
      pushName: t.exposeString('pushName', { nullable: true }),
    }),
  });
  const qrCode = builder.objectType('QrCode', {
    fields: (t) => ({
      value: t.exposeString('value'),
      imageDataUrl: t.exposeString('imageDataUrl'),
      expiresAt: t.expose('expiresAt', { type: 'DateTime', nullable: true }),
    }),
  });
  const sessionInfo = builder.objectType('SessionInfo', {
    fields: (t) => ({
      status: t.expose('status', { type: status }),
      me: t.expose('me', { type: account, nullable: true }),
      stale: t.exposeBoolean('stale'),
    }),
  });
  const sessionEvent = builder.interfaceType('SessionEvent', {
    resolveType: (event) => event.__typename,
    fields: (t) => ({
      cursor: t.exposeString('cursor'),
      instanceId: t.exposeID('instanceId'),
      occurredAt: t.expose('occurredAt', { type: 'DateTime' }),
      source: t.expose('source', { type: source }),
    }),
  });
  const kind = (name: string, fields: Fields) =>
    builder.objectType(name, { interfaces: [sessionEvent], fields });
  kind('SessionSnapshot', (t) => ({
    resumed: t.exposeBoolean('resumed'),
    session: t.expose('session', { type: sessionInfo }),
    qrCode: t.expose('qrCode', { type: qrCode, nullable: true }),
  }));
  kind('SessionStatusChanged', (t) => ({
    status: t.expose('status', { type: status }),
    previousStatus: t.expose('previousStatus', { type: status, nullable: true }),
  }));
  kind('QrCodeUpdated', (t) => ({ qrCode: t.expose('qrCode', { type: qrCode }) }));
  kind('SessionAuthenticated', (t) => ({ me: t.expose('me', { type: account }) }));
  kind('SessionDisconnected', (t) => ({ reason: t.expose('reason', { type: reason }) }));
  kind('UpstreamHealthChanged', (t) => ({
    healthy: t.exposeBoolean('healthy'),
    detail: t.exposeString('detail', { nullable: true }),
  }));
  builder.queryType({ fields: (t) => ({ hello: t.string({ resolve: () => 'world' }) }) });
  builder.subscriptionType({
    fields: (t) => ({
      sessionEvents: t.field({
        type: sessionEvent,
        args: { instanceId: t.arg.id(), after: t.arg.string() },
        subscribe: (_root, args) => deps.subscribe(String(args.instanceId ?? '')),
        resolve: (event) => {
          deps.onExecution();
          return event;
        },
      }),
    }),
  });
  return builder.toSchema();
}
