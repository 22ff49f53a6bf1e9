import type {
  ConnectLinkRecord,
  InstanceRecord,
  LinkViewer,
  TenantRecord,
} from '@wawp-gateway/schema';

/** Where a connect link stands, as its page shows it. */
export type LinkState = 'active' | 'expired' | 'revoked' | 'used';

/** What authenticating a link needs from the directory. */
export interface LinkDirectory {
  findConnectLink(token: string): Promise<ConnectLinkRecord | null>;
  getInstance(instanceId: string): Promise<Pick<InstanceRecord, 'tenantId'> | null>;
  getTenant(id: string): Promise<TenantRecord | null>;
}

/** A link found by its token, with its state and its tenant (branding, allowed origins). */
export interface FoundLink {
  link: ConnectLinkRecord;
  state: LinkState;
  tenant: TenantRecord | null;
}

/**
 * The state of a link now: revoked, used, expired, or active. A link whose instance has since
 * gone to another owner (or away) counts as revoked: it was made for the previous one's user.
 */
export function stateOf(
  link: ConnectLinkRecord,
  owner: Pick<InstanceRecord, 'tenantId'> | null,
  now = Date.now(),
): LinkState {
  if (link.revokedAt || owner === null || owner.tenantId !== link.tenantId) {
    return 'revoked';
  }
  if (link.usedAt) {
    return 'used';
  }
  return link.expiresAt.getTime() <= now ? 'expired' : 'active';
}

/** Looks a token up: the link, its state and its tenant; `null` for an unknown token. */
export async function findLink(directory: LinkDirectory, token: string): Promise<FoundLink | null> {
  const link = await directory.findConnectLink(token);
  if (!link) {
    return null;
  }
  const [owner, tenant] = await Promise.all([
    directory.getInstance(link.instanceId),
    link.tenantId ? directory.getTenant(link.tenantId) : Promise.resolve(null),
  ]);
  return { link, state: stateOf(link, owner), tenant };
}

/**
 * Whether a page on `origin` may use a link of `tenant`: its own pages always (no cross-origin
 * `origin`), another origin only when the tenant lists it in `allowedEmbedOrigins`.
 */
export const mayEmbed = (tenant: TenantRecord | null, crossOrigin: string | null) =>
  crossOrigin === null || (tenant?.branding.allowedEmbedOrigins.includes(crossOrigin) ?? false);

/** The viewer of an active link. */
export const toLinkViewer = ({ link }: FoundLink): LinkViewer => ({
  role: 'link',
  linkId: link.id,
  instanceId: link.instanceId,
  tenantId: link.tenantId,
  expiresAt: link.expiresAt,
});
