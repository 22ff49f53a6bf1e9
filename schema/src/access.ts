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
 * tenant only registered instances assigned to it, a connect link only its own instance while
 * it still has the owner it had when the link was made (`record` is `null` when not registered).
 */
export function canSee(
  viewer: Viewer,
  record: Pick<InstanceRecord, 'instanceId' | 'tenantId'> | null,
): boolean {
  if (viewer.role === 'admin') {
    return true;
  }
  if (record === null || record.tenantId !== viewer.tenantId) {
    return false;
  }
  return viewer.role === 'tenant' || record.instanceId === viewer.instanceId;
}

/** The directory filter listing exactly the instances `viewer` may see (then `canSee` each). */
export function visibleInstancesFilter(viewer: Viewer): { tenantId?: string } {
  if (viewer.role === 'admin') {
    return {};
  }
  return viewer.tenantId === null ? {} : { tenantId: viewer.tenantId };
}

/**
 * The revocable credential behind a viewer: a tenant key's id or a connect link's id (`null`
 * for the admin key, which is configuration). Revoking it ends what it opened.
 */
export function credentialOf(viewer: Viewer): string | null {
  if (viewer.role === 'tenant') {
    return viewer.keyId ?? null;
  }
  return viewer.role === 'link' ? viewer.linkId : null;
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

/**
 * The tenant `tenantId` when the caller is the admin or that tenant itself; `NOT_FOUND` for
 * anyone else and for an unknown id alike, so tenant ids cannot be probed.
 */
export async function requireOwnTenant(
  ctx: SchemaContext,
  tenantId: string,
): Promise<TenantRecord> {
  const viewer = requireViewer(ctx);
  const own = viewer.role === 'admin' || (viewer.role === 'tenant' && viewer.tenantId === tenantId);
  const tenant = own ? await ctx.directory.getTenant(tenantId) : null;
  if (!tenant) {
    throw gatewayError(ErrorCode.NotFound, 'Tenant not found.');
  }
  return tenant;
}
