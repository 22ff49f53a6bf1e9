import { assertVisibleInstance, requireTenant } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import type { SchemaContext } from '../context';
import { ErrorCode, gatewayError } from '../errors';
import { InstanceRef, instanceNotFound, rememberInstance } from '../loaders';
import { normalizeExternalRef, normalizeId, normalizeLabel } from '../validate';

/** Validates the admin's input before anything changes, upstream or in the directory. */
async function checkAssignment(
  ctx: SchemaContext,
  label?: string | null,
  tenantId?: string | null,
  externalRef?: string | null,
) {
  const cleanLabel = normalizeLabel(label);
  const ref = normalizeExternalRef(externalRef);
  if (tenantId != null) {
    await requireTenant(ctx, tenantId);
  }
  return {
    label: cleanLabel,
    tenantId: tenantId ?? null,
    ...(ref === undefined ? {} : { externalRef: ref }),
  };
}

/**
 * `CONFLICT` before a new Wawp instance is made for an `externalRef` already taken in the
 * tenant (the store's unique index is the rule; this only spares a wasted instance).
 */
async function assertExternalRefFree(
  ctx: SchemaContext,
  placement: { tenantId: string | null; externalRef?: string | null },
) {
  const ref = placement.externalRef;
  if (ref == null) {
    return;
  }
  const taken = await ctx.directory.listInstances({
    ...(placement.tenantId === null ? {} : { tenantId: placement.tenantId }),
    externalRef: ref,
  });
  if (taken.some((record) => record.tenantId === placement.tenantId)) {
    throw gatewayError(
      ErrorCode.Conflict,
      'externalRef is already used by another instance of this tenant.',
      {
        field: 'externalRef',
      },
    );
  }
}

const placementArgs = builder.args((t) => ({
  label: t.string({ description: 'A name for people, at most 80 characters; blank = none.' }),
  tenantId: t.id({ description: 'The tenant that will own the instance; null = unassigned.' }),
  externalRef: t.string({
    description:
      'Your own id for the instance, e.g. the id of the user whose phone it links: at most ' +
      '200 characters, unique per tenant (CONFLICT when taken). Left out: kept; blank: cleared.',
  }),
}));

builder.mutationFields((t) => ({
  createInstance: t.field({
    type: InstanceRef,
    description: 'Creates a new Wawp instance (Wawp `session/create`) and registers it. Admin.',
    authScopes: { admin: true },
    args: placementArgs,
    resolve: async (_root, args, ctx) => {
      const placement = await checkAssignment(ctx, args.label, args.tenantId, args.externalRef);
      await assertExternalRefFree(ctx, placement);
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
      const placement = await checkAssignment(ctx, args.label, args.tenantId, args.externalRef);
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
