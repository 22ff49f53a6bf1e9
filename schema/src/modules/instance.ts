import { assertVisibleInstance, requireViewer, visibleInstancesFilter } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import { InstanceRef, SessionInfoRef } from '../loaders';

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
    createdAt: t.expose('createdAt', {
      type: 'DateTime',
      description: 'When the instance was registered with the gateway.',
    }),
    session: t.field({
      type: SessionInfoRef,
      description: 'The session of the instance (shared per request with `sessionInfo`).',
      resolve: (instance) => instance.instanceId,
    }),
  }),
});

builder.queryField('instances', (t) =>
  t.field({
    type: [InstanceRef],
    description:
      'The instances the caller may see: every registered instance for an admin, its own for a ' +
      'tenant.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) =>
      ctx.directory.listInstances(visibleInstancesFilter(requireViewer(ctx))),
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
