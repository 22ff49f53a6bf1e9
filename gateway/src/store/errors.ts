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
