import { requireOwnTenant } from '../access';
import { builder } from '../builder';
import type { SchemaContext } from '../context';
import { ErrorCode, gatewayError } from '../errors';
import type {
  DeliveryPage,
  EndpointWithSecret,
  NotificationDeliveryRecord,
  NotificationEndpointInput,
  NotificationEndpointRecord,
} from '../notifications-port';
import { badInput, checkText } from '../validate';

const NotificationKindEnum = builder.enumType('NotificationKind', {
  description: 'What an integrator’s backend can be told.',
  values: {
    SESSION_NEEDS_LINK: {
      description:
        'The session lost its WhatsApp link (unlinked, logged out, QR expired, or failed without ' +
        'a link); with a fresh connect link when the endpoint asks for one.',
    },
    SESSION_LINKED: { description: 'The session reached WORKING with an account.' },
    SESSION_STUCK: {
      description: 'The session stayed STARTING past the watchdog time, or was restarted by it.',
    },
    UPSTREAM_UNAVAILABLE: { description: 'Wawp stopped answering for the tenant’s instances.' },
    UPSTREAM_RECOVERED: { description: 'Wawp answers again.' },
  },
});

const DeliveryStatusEnum = builder.enumType('NotificationDeliveryStatus', {
  description: 'Where a delivery stands.',
  values: {
    PENDING: { description: 'Recorded, not tried yet.' },
    DELIVERED: { description: 'The endpoint answered 2xx.' },
    RETRYING: { description: 'An attempt failed; it is tried again at `nextAttemptAt`.' },
    FAILED: { description: 'Given up: 24 h of failures, 410 Gone, or the endpoint disabled.' },
  },
});

/** The GraphQL `NotificationEndpoint` type. */
export const NotificationEndpointRef = builder
  .objectRef<NotificationEndpointRecord>('NotificationEndpoint')
  .implement({
    description: 'An integrator’s URL that receives signed notifications (Standard Webhooks).',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'The endpoint id.' }),
      tenantId: t.exposeID('tenantId', { description: 'The tenant it belongs to.' }),
      url: t.exposeString('url', { description: 'Where notifications are POSTed (https).' }),
      kinds: t.field({
        type: [NotificationKindEnum],
        description: 'What it is told.',
        resolve: (endpoint) => endpoint.kinds,
      }),
      description: t.exposeString('description', { nullable: true, description: 'A note.' }),
      includeConnectLink: t.exposeBoolean('includeConnectLink', {
        description: 'Whether SESSION_NEEDS_LINK carries a fresh connect link.',
      }),
      connectLinkTtlMinutes: t.exposeInt('connectLinkTtlMinutes', {
        description: 'The lifetime of those links.',
      }),
      enabled: t.exposeBoolean('enabled', { description: 'Whether it is sent anything.' }),
      disabledReason: t.exposeString('disabledReason', {
        nullable: true,
        description: 'Why the gateway disabled it (410 Gone, or failing for 3 days).',
      }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was made.' }),
    }),
  });

const EndpointCreatedRef = builder
  .objectRef<EndpointWithSecret>('NotificationEndpointCreated')
  .implement({
    description: 'A new endpoint and its signing secret, shown only here.',
    fields: (t) => ({
      endpoint: t.field({
        type: NotificationEndpointRef,
        description: 'The endpoint.',
        resolve: (r) => r.endpoint,
      }),
      secret: t.exposeString('secret', {
        description:
          'The Standard Webhooks signing secret (`whsec_…`). Store it; it is not shown again.',
      }),
    }),
  });

/** The GraphQL `NotificationDelivery` type. */
const DeliveryRef = builder
  .objectRef<NotificationDeliveryRecord>('NotificationDelivery')
  .implement({
    description:
      'One notification to one endpoint: delivered at least once, in order per instance.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'Also its `webhook-id`, the same on every attempt.' }),
      kind: t.field({
        type: NotificationKindEnum,
        description: 'What it tells.',
        resolve: (d) => d.kind,
      }),
      instanceId: t.exposeID('instanceId', {
        nullable: true,
        description: 'The instance it is about.',
      }),
      status: t.field({
        type: DeliveryStatusEnum,
        description: 'Where it stands.',
        resolve: (d) => d.status,
      }),
      attempts: t.exposeInt('attempts', { description: 'POSTs made so far.' }),
      lastResponseStatus: t.exposeInt('lastResponseStatus', {
        nullable: true,
        description: 'The HTTP status of the last answer.',
      }),
      lastError: t.exposeString('lastError', {
        nullable: true,
        description: 'Why the last attempt failed (timeout, refused target, status).',
      }),
      nextAttemptAt: t.expose('nextAttemptAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When it is tried next, while PENDING or RETRYING.',
      }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was recorded.' }),
      deliveredAt: t.expose('deliveredAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When an endpoint answered 2xx.',
      }),
    }),
  });

const DeliveryEdgeRef = builder
  .objectRef<NotificationDeliveryRecord>('NotificationDeliveryEdge')
  .implement({
    description: 'One delivery and its cursor.',
    fields: (t) => ({
      cursor: t.exposeString('id', { description: 'Pass as `after` for the next page.' }),
      node: t.field({ type: DeliveryRef, description: 'The delivery.', resolve: (d) => d }),
    }),
  });

const DeliveryPageInfoRef = builder
  .objectRef<DeliveryPage>('NotificationDeliveryPageInfo')
  .implement({
    description: 'Where this page ends (Relay style).',
    fields: (t) => ({
      hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more follow.' }),
      endCursor: t.string({
        nullable: true,
        description: 'The last edge’s cursor: pass it as `after` for the next page.',
        resolve: (page) => page.deliveries.at(-1)?.id ?? null,
      }),
    }),
  });

const DeliveryConnectionRef = builder
  .objectRef<DeliveryPage>('NotificationDeliveryConnection')
  .implement({
    description: 'Deliveries, newest first.',
    fields: (t) => ({
      edges: t.field({
        type: [DeliveryEdgeRef],
        description: 'The deliveries of this page.',
        resolve: (page) => page.deliveries,
      }),
      hasNextPage: t.exposeBoolean('hasNextPage', { description: 'Whether more follow.' }),
      pageInfo: t.field({
        type: DeliveryPageInfoRef,
        description: 'The page’s end, for Relay-style clients.',
        resolve: (page) => page,
      }),
    }),
  });

const EndpointInput = builder.inputType('NotificationEndpointInput', {
  description: 'An endpoint’s settings.',
  fields: (t) => ({
    url: t.string({
      required: true,
      description: 'An https URL (http only on loopback in tests).',
    }),
    kinds: t.field({ type: [NotificationKindEnum], required: true, description: 'At least one.' }),
    description: t.string({ description: 'A note, at most 200 characters.' }),
    includeConnectLink: t.boolean({
      defaultValue: true,
      description: 'Whether SESSION_NEEDS_LINK carries a fresh connect link.',
    }),
    connectLinkTtlMinutes: t.int({
      defaultValue: 1440,
      description: 'The lifetime of those links, 5–1440 minutes.',
    }),
  }),
});

type RawInput = {
  url: string;
  kinds: NotificationEndpointInput['kinds'];
  description?: string | null;
  includeConnectLink?: boolean | null;
  connectLinkTtlMinutes?: number | null;
};

function checkInput(input: RawInput): NotificationEndpointInput {
  const kinds = [...new Set(input.kinds)];
  if (kinds.length === 0) {
    throw badInput('kinds', 'must name at least one kind.');
  }
  const ttl = input.connectLinkTtlMinutes ?? 1440;
  if (!Number.isInteger(ttl) || ttl < 5 || ttl > 1440) {
    throw badInput('connectLinkTtlMinutes', `must be 5–1440 minutes (got ${ttl}).`);
  }
  return {
    url: input.url.trim(),
    kinds,
    description:
      input.description == null ? null : checkText('description', input.description, 200) || null,
    includeConnectLink: input.includeConnectLink ?? true,
    connectLinkTtlMinutes: ttl,
  };
}

/** The endpoint `id` when the caller may manage it (admin, or its tenant); else `NOT_FOUND`. */
async function requireEndpoint(ctx: SchemaContext, id: string) {
  const endpoint = await ctx.notifications.getEndpoint(id);
  if (endpoint) {
    await requireOwnTenant(ctx, endpoint.tenantId).catch(() => {
      throw notFound();
    });
    return endpoint;
  }
  throw notFound();
}

const notFound = () => gatewayError(ErrorCode.NotFound, 'Notification endpoint not found.');
const orNotFound = <T>(value: T | null): T => {
  if (value === null) {
    throw notFound();
  }
  return value;
};

const tenantArgs = builder.args((t) => ({
  tenantId: t.id({ required: true, description: 'The tenant id.' }),
}));
const idArgs = builder.args((t) => ({
  id: t.id({ required: true, description: 'The endpoint id.' }),
}));
const scopes = { authenticated: true } as const;

builder.queryFields((t) => ({
  notificationEndpoints: t.field({
    type: [NotificationEndpointRef],
    description: 'The tenant’s notification endpoints. Admin, or the tenant itself.',
    authScopes: scopes,
    args: tenantArgs,
    resolve: async (_root, { tenantId }, ctx) => {
      await requireOwnTenant(ctx, tenantId);
      return ctx.notifications.listEndpoints(tenantId);
    },
  }),
  notificationDeliveries: t.field({
    type: DeliveryConnectionRef,
    description: 'An endpoint’s deliveries, newest first.',
    authScopes: scopes,
    args: {
      endpointId: t.arg.id({ required: true, description: 'The endpoint id.' }),
      first: t.arg.int({ defaultValue: 50, description: 'At most this many, 1–200.' }),
      after: t.arg.string({ description: 'The cursor of the last delivery of the previous page.' }),
    },
    resolve: async (_root, { endpointId, first, after }, ctx) => {
      await requireEndpoint(ctx, endpointId);
      const size = first ?? 50;
      if (!Number.isInteger(size) || size < 1 || size > 200) {
        throw badInput('first', `must be 1–200 (got ${size}).`);
      }
      return ctx.notifications.listDeliveries(endpointId, { first: size, after: after ?? null });
    },
  }),
}));

builder.mutationFields((t) => ({
  createNotificationEndpoint: t.field({
    type: EndpointCreatedRef,
    description: 'Adds an endpoint; its signing secret is in this answer only.',
    authScopes: scopes,
    args: {
      ...tenantArgs,
      input: t.arg({ type: EndpointInput, required: true, description: 'Its settings.' }),
    },
    resolve: async (_root, { tenantId, input }, ctx) => {
      await requireOwnTenant(ctx, tenantId);
      return ctx.notifications.createEndpoint(tenantId, checkInput(input));
    },
  }),
  updateNotificationEndpoint: t.field({
    type: NotificationEndpointRef,
    description: 'Replaces an endpoint’s settings (not its secret).',
    authScopes: scopes,
    args: {
      ...idArgs,
      input: t.arg({ type: EndpointInput, required: true, description: 'Its settings.' }),
    },
    resolve: async (_root, { id, input }, ctx) => {
      await requireEndpoint(ctx, id);
      return orNotFound(await ctx.notifications.updateEndpoint(id, checkInput(input)));
    },
  }),
  setNotificationEndpointEnabled: t.field({
    type: NotificationEndpointRef,
    description: 'Enables or disables an endpoint (enabling clears why it was disabled).',
    authScopes: scopes,
    args: { ...idArgs, enabled: t.arg.boolean({ required: true, description: 'On or off.' }) },
    resolve: async (_root, { id, enabled }, ctx) => {
      await requireEndpoint(ctx, id);
      return orNotFound(await ctx.notifications.setEnabled(id, enabled));
    },
  }),
  deleteNotificationEndpoint: t.boolean({
    description: 'Deletes an endpoint and its deliveries.',
    authScopes: scopes,
    args: idArgs,
    resolve: async (_root, { id }, ctx) => {
      await requireEndpoint(ctx, id);
      return ctx.notifications.deleteEndpoint(id);
    },
  }),
  rotateNotificationSecret: t.field({
    type: EndpointCreatedRef,
    description: 'A new signing secret; the old one still signs alongside it for 24 h.',
    authScopes: scopes,
    args: idArgs,
    resolve: async (_root, { id }, ctx) => {
      await requireEndpoint(ctx, id);
      return orNotFound(await ctx.notifications.rotateSecret(id));
    },
  }),
  sendTestNotification: t.field({
    type: DeliveryRef,
    description:
      'Queues a sample of the endpoint’s first kind, marked `data.test: true`, so the receiver’s real handler runs.',
    authScopes: scopes,
    args: idArgs,
    resolve: async (_root, { id }, ctx) => {
      await requireEndpoint(ctx, id);
      return orNotFound(await ctx.notifications.sendTest(id));
    },
  }),
  redeliverNotification: t.field({
    type: DeliveryRef,
    description: 'Queues a delivery again; its attempts start over.',
    authScopes: scopes,
    args: { deliveryId: t.arg.id({ required: true, description: 'The delivery id.' }) },
    resolve: async (_root, { deliveryId }, ctx) => {
      const delivery = orNotFound(await ctx.notifications.getDelivery(deliveryId));
      await requireEndpoint(ctx, delivery.endpointId);
      return orNotFound(await ctx.notifications.redeliver(deliveryId));
    },
  }),
}));
