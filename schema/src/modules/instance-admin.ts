import { assertVisibleInstance, requireTenant } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import type { SchemaContext } from '../context';
import { InstanceRef, instanceNotFound, rememberInstance } from '../loaders';
import { normalizeId, normalizeLabel } from '../validate';

/** Validates the admin's input before anything changes, upstream or in the directory. */
async function checkAssignment(
  ctx: SchemaContext,
  label?: string | null,
  tenantId?: string | null,
) {
  const cleanLabel = normalizeLabel(label);
  if (tenantId != null) {
    await requireTenant(ctx, tenantId);
  }
  return { label: cleanLabel, tenantId: tenantId ?? null };
}

const placementArgs = builder.args((t) => ({
  label: t.string({ description: 'A name for people, at most 80 characters; blank = none.' }),
  tenantId: t.id({ description: 'The tenant that will own the instance; null = unassigned.' }),
}));

builder.mutationFields((t) => ({
  createInstance: t.field({
    type: InstanceRef,
    description: 'Creates a new Wawp instance (Wawp `session/create`) and registers it. Admin.',
    authScopes: { admin: true },
    args: placementArgs,
    resolve: async (_root, args, ctx) => {
      const placement = await checkAssignment(ctx, args.label, args.tenantId);
      const instanceId = await ctx.sessions.createUpstream();
      const record = await ctx.directory.upsertInstance({ instanceId, ...placement });
      rememberInstance(ctx, instanceId, record);
      return record;
    },
  }),
  registerInstance: t.field({
    type: InstanceRef,
    description:
      'Registers an instance that already exists at Wawp (NOT_FOUND if Wawp does not know it), ' +
      'or updates its label and tenant. Admin.',
    authScopes: { admin: true },
    args: { ...instanceIdArgs, ...placementArgs },
    resolve: async (_root, args, ctx) => {
      const instanceId = normalizeId('instanceId', args.instanceId);
      const placement = await checkAssignment(ctx, args.label, args.tenantId);
      await ctx.sessions.getSession(instanceId); // throws NOT_FOUND when Wawp has no such instance
      const record = await ctx.directory.upsertInstance({ instanceId, ...placement });
      rememberInstance(ctx, instanceId, record);
      return record;
    },
  }),
  deleteInstance: t.boolean({
    description:
      'Logs the session out, deletes the instance at Wawp, then forgets it. Irreversible. Admin.',
    authScopes: { admin: true },
    args: instanceIdArgs,
    resolve: async (_root, { instanceId }, ctx) => {
      await assertVisibleInstance(ctx, instanceId);
      // Upstream first: if Wawp fails, the instance stays registered and the admin can retry.
      await ctx.sessions.deleteUpstream(instanceId);
      await ctx.directory.removeInstance(instanceId);
      rememberInstance(ctx, instanceId, null);
      return true;
    },
  }),
  assignInstance: t.field({
    type: InstanceRef,
    description: 'Moves an instance to a tenant, or unassigns it with a null tenantId. Admin.',
    authScopes: { admin: true },
    args: {
      ...instanceIdArgs,
      tenantId: t.arg.id({ description: 'The new owner; null = unassigned (admin only).' }),
    },
    resolve: async (_root, { instanceId, tenantId }, ctx) => {
      await assertVisibleInstance(ctx, instanceId);
      const placement = await checkAssignment(ctx, null, tenantId);
      const record = await ctx.directory.assignInstance(instanceId, placement.tenantId);
      rememberInstance(ctx, instanceId, record);
      if (!record) {
        throw instanceNotFound();
      }
      return record;
    },
  }),
}));
