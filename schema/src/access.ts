import type { SchemaContext } from './context';
import { ErrorCode, gatewayError } from './errors';
import { InstanceRef, instanceNotFound } from './loaders';
import type { InstanceRecord, TenantRecord, Viewer } from './ports';

/**
 * The caller, or `UNAUTHENTICATED`. Root fields already require a scope, so this only narrows the
 * type; it still fails closed if a field ever forgets its `authScopes`.
 */
export function requireViewer(ctx: SchemaContext): Viewer {
  if (!ctx.viewer) {
    throw gatewayError(ErrorCode.Unauthenticated, 'Authentication required.');
  }
  return ctx.viewer;
}

/**
 * The one visibility rule, for resolvers and for event delivery: an admin sees every instance, a
 * tenant only registered instances assigned to it (`record` is `null` when not registered).
 */
export function canSee(viewer: Viewer, record: Pick<InstanceRecord, 'tenantId'> | null): boolean {
  return viewer.role === 'admin' || (record !== null && record.tenantId === viewer.tenantId);
}

/** The directory filter listing exactly the instances `viewer` may see. */
export function visibleInstancesFilter(viewer: Viewer): { tenantId?: string } {
  return viewer.role === 'admin' ? {} : { tenantId: viewer.tenantId };
}

/**
 * The single ownership check used by every resolver that takes an instance id.
 * Resolves to the instance's directory record when the caller may see it: an admin sees every
 * registered instance, a tenant only its own. Throws the **same** `NOT_FOUND` error for an
 * unregistered id and for another tenant's id, so ids cannot be probed.
 */
export async function assertVisibleInstance(
  ctx: SchemaContext,
  instanceId: string,
): Promise<InstanceRecord> {
  const viewer = requireViewer(ctx);
  const record = await InstanceRef.getDataloader(ctx).load(instanceId);
  if (!canSee(viewer, record)) {
    throw instanceNotFound();
  }
  return record;
}

/** The tenant with this id, or `NOT_FOUND`. Callers are admins (admin-only operations). */
export async function requireTenant(ctx: SchemaContext, tenantId: string): Promise<TenantRecord> {
  const tenant = await ctx.directory.getTenant(tenantId);
  if (!tenant) {
    throw gatewayError(ErrorCode.NotFound, 'Tenant not found.');
  }
  return tenant;
}
