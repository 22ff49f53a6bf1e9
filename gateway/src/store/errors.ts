import { ErrorCode, gatewayError } from '@wawp-gateway/schema';
/** Thrown by directory writes that name a tenant id that does not exist. */
export class UnknownTenantError extends Error {
  override name = 'UnknownTenantError';
  readonly tenantId: string;

  constructor(tenantId: string) {
    super(`Unknown tenant: ${tenantId}`);
    this.tenantId = tenantId;
  }
}

/** @private Runs `fn`, turning a foreign-key violation into `UnknownTenantError`. */
export async function withTenantCheck<T>(
  tenantId: string | null,
  fn: () => Promise<T>,
): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (tenantId !== null && isForeignKeyViolation(err)) {
      throw new UnknownTenantError(tenantId);
    }
    throw err;
  }
}

// SQLSTATE 23503, as both node-postgres and PGlite report it
function isForeignKeyViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && 'code' in err && err.code === '23503';
}

/** @private Runs `fn`, turning a clash on the per-tenant `externalRef` index into `CONFLICT`. */
export async function withExternalRefCheck<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if ((err as { code?: string }).code === '23505' && /external_ref/.test(String(err))) {
      throw gatewayError(
        ErrorCode.Conflict,
        'externalRef is already used by another instance of this tenant.',
        { field: 'externalRef' },
      );
    }
    throw err;
  }
}
