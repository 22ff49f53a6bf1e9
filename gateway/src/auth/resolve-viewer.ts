import { createHash, timingSafeEqual } from 'node:crypto';
import type { Viewer } from '@wawp-gateway/schema';
import { LINK_TOKEN_PREFIX } from '../store';
import { findLink, type LinkDirectory, mayEmbed, toLinkViewer } from './connect-link-auth';

export interface ViewerResolverOptions {
  /** The admin key (from `GATEWAY_ADMIN_KEY` or generated at start). */
  adminKey: string;
  /** Looks up a tenant key (stored hashed); `null` when unknown or revoked. */
  authenticate(key: string): Promise<{ tenantId: string; keyId: string } | null>;
  /** Looks up connect links (tokens `wcl_…`, stored hashed); without it links are refused. */
  links?: LinkDirectory;
}

/** Where a request comes from, for credentials bound to origins (connect links). */
export interface RequestOrigin {
  /** The page's origin when it is not the gateway's own (`null`: same origin, or no browser). */
  crossOrigin: string | null;
}

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Extracts the key from `Bearer <key>` (case-insensitive scheme); `null` otherwise. */
export function parseBearer(header: string | null | undefined): string | null {
  const match = /^\s*bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1] ?? null;
}

/** Whether an `Authorization` value presents the admin key, compared in constant time. */
export function createAdminCheck(adminKey: string) {
  const adminDigest = digest(adminKey);
  return (authorization: string | null | undefined): boolean => {
    const key = parseBearer(authorization);
    return key !== null && timingSafeEqual(digest(key), adminDigest);
  };
}

/**
 * Turns an `Authorization` value (HTTP header or graphql-ws `connectionParams.authorization`) into
 * the caller's `Viewer`, or `null` for no, unknown or revoked keys.
 */
export function createViewerResolver(options: ViewerResolverOptions) {
  const isAdmin = createAdminCheck(options.adminKey);
  return async (
    authorization: string | null | undefined,
    from: RequestOrigin = { crossOrigin: null },
  ): Promise<Viewer | null> => {
    const key = parseBearer(authorization);
    if (!key) {
      return null;
    }
    if (key.startsWith(LINK_TOKEN_PREFIX)) {
      const found = options.links ? await findLink(options.links, key) : null;
      // only an active link, and from another origin only one the tenant allows to embed it
      return found?.state === 'active' && mayEmbed(found.tenant, from.crossOrigin)
        ? toLinkViewer(found)
        : null;
    }
    // Digests are compared, so the comparison is constant-time whatever the key's length.
    if (isAdmin(authorization)) {
      return { role: 'admin' };
    }
    const tenant = await options.authenticate(key);
    return tenant ? { role: 'tenant', tenantId: tenant.tenantId, keyId: tenant.keyId } : null;
  };
}

export type ViewerResolver = ReturnType<typeof createViewerResolver>;
