import type { GraphQLResolveInfo } from 'graphql';
import { assertVisibleInstance, requireViewer, visibleInstancesFilter } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import { InstanceRef, SessionInfoRef } from '../loaders';
import { reserveSessionRead } from '../upstream-budget';

/** True for an `Instance` reached as an element of a list (`instances`, `tenant { instances }`). */
const inList = (info: GraphQLResolveInfo) => typeof info.path.prev?.key === 'number';

InstanceRef.implement({
  description: 'A Wawp instance registered with the gateway, and the tenant it belongs to.',
  fields: (t) => ({
    instanceId: t.exposeID('instanceId', { description: 'The Wawp instance id.' }),
    label: t.exposeString('label', {
      nullable: true,
      description: 'A name chosen by an admin, e.g. "Support line".',
    }),
    tenantId: t.exposeID('tenantId', {
      nullable: true,
      description: 'The tenant that owns the instance; null while unassigned (admin only).',
    }),
    externalRef: t.exposeString('externalRef', {
      nullable: true,
      description: 'Your own id for the instance (e.g. your user’s id), unique per tenant.',
    }),
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the instance was registered with the gateway.',
    }),
    session: t.field({
      type: SessionInfoRef,
      description:
        'The session of the instance, shared per request with `sessionInfo`. In a list ' +
        '(`instances`, `Tenant.instances`) it is the state the gateway already holds (read ' +
        'once when it holds none yet), refreshed in the background: `observedAt` and `stale` ' +
        'tell its age, and it spends none of the operation’s budget of Wawp calls.',
      resolve: (instance, _args, ctx, info) => {
        if (inList(info)) {
          return ctx.sessions.peekSession(instance.instanceId);
        }
        reserveSessionRead(ctx.sessions, instance.instanceId);
        // The id defers to the per-request loader: aliases cost one getSession call.
        return instance.instanceId;
      },
    }),
  }),
});

builder.queryField('instances', (t) =>
  t.field({
    type: [InstanceRef],
    description:
      'The instances the caller may see: every registered instance for an admin, its own for a ' +
      'tenant. Their `session` is the state the gateway holds, so listing costs no burst of ' +
      'Wawp calls.',
    authScopes: { authenticated: true },
    args: {
      externalRef: t.arg.string({
        description: 'Only the instance with this `externalRef` (your own id for it).',
      }),
    },
    resolve: (_root, { externalRef }, ctx) =>
      ctx.directory.listInstances({
        ...visibleInstancesFilter(requireViewer(ctx)),
        ...(externalRef == null ? {} : { externalRef }),
      }),
  }),
);

builder.queryField('instance', (t) =>
  t.field({
    type: InstanceRef,
    description: 'One instance the caller may see.',
    authScopes: { authenticated: true },
    args: instanceIdArgs,
    resolve: (_root, { instanceId }, ctx) => assertVisibleInstance(ctx, instanceId),
  }),
);
