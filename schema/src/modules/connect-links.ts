import { assertVisibleInstance, requireTenant, requireViewer } from '../access';
import { instanceIdArgs } from '../args';
import { isSecureOrLoopback } from '../branding';
import { builder } from '../builder';
import { LINK_TTL_MINUTES } from '../connect-link-rules';
import type { SchemaContext } from '../context';
import type { ConnectLinkRecord, IssuedConnectLink, TenantBranding } from '../ports';
import { badInput } from '../validate';

/** The GraphQL `ConnectLink` type; `url` only on the link `createConnectLink` returns. */
export const ConnectLinkRef = builder
  .objectRef<ConnectLinkRecord | IssuedConnectLink>('ConnectLink')
  .implement({
    description:
      'A link an end user opens on their phone to link their own WhatsApp to one instance, ' +
      'on a page branded by the instance’s tenant. Its token is a secret, shown once.',
    fields: (t) => ({
      id: t.exposeID('id', { description: 'The link id (not its token).' }),
      instanceId: t.exposeID('instanceId', { description: 'The instance it links.' }),
      url: t.string({
        nullable: true,
        description:
          '`<base>/connect/<token>`: only in the result of `createConnectLink`, null in listings.',
        resolve: (link) => ('url' in link ? link.url : null),
      }),
      expiresAt: t.expose('expiresAt', { type: 'DateTime', description: 'When it stops working.' }),
      createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was made.' }),
      usedAt: t.expose('usedAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When its instance reached WORKING while it was open; it is spent then.',
      }),
      revokedAt: t.expose('revokedAt', {
        type: 'DateTime',
        nullable: true,
        description: 'When it was revoked.',
      }),
    }),
  });

/** The return URL of a new link, or `BAD_USER_INPUT` when the tenant does not allow it. */
async function checkReturnUrl(
  ctx: SchemaContext,
  tenantId: string | null,
  returnUrl: string | null | undefined,
): Promise<string | null> {
  if (returnUrl == null) {
    return null;
  }
  let url: URL;
  try {
    url = new URL(returnUrl.trim());
  } catch {
    throw badInput('returnUrl', 'must be an absolute URL.');
  }
  if (!isSecureOrLoopback(url)) {
    throw badInput('returnUrl', 'must be an https URL (http only on localhost).');
  }
  const branding: TenantBranding | null = tenantId
    ? (await requireTenant(ctx, tenantId)).branding
    : null;
  if (!branding?.allowedReturnOrigins.includes(url.origin)) {
    throw badInput(
      'returnUrl',
      `has the origin ${url.origin}, which is not in the tenant’s allowedReturnOrigins ` +
        '(set them with updateTenantBranding).',
    );
  }
  return url.href;
}

builder.mutationFields((t) => ({
  createConnectLink: t.field({
    type: ConnectLinkRef,
    description:
      'Makes a connect link for an instance: give its `url` to the end user who will link ' +
      'their phone. Admin, or the tenant that owns the instance.',
    authScopes: { authenticated: true },
    args: {
      ...instanceIdArgs,
      ttlMinutes: t.arg.int({
        defaultValue: LINK_TTL_MINUTES.default,
        description: `How long the link works: ${LINK_TTL_MINUTES.min}–${LINK_TTL_MINUTES.max} minutes.`,
      }),
      returnUrl: t.arg.string({
        description:
          'Where the page sends the end user once linked, with `?status=connected&instance=<id>` ' +
          'added: https (http only on localhost), on an origin of the tenant’s ' +
          '`allowedReturnOrigins`.',
      }),
    },
    resolve: async (_root, { instanceId, ttlMinutes, returnUrl }, ctx) => {
      const record = await assertVisibleInstance(ctx, instanceId);
      const ttl = ttlMinutes ?? LINK_TTL_MINUTES.default;
      if (!Number.isInteger(ttl) || ttl < LINK_TTL_MINUTES.min || ttl > LINK_TTL_MINUTES.max) {
        throw badInput(
          'ttlMinutes',
          `must be ${LINK_TTL_MINUTES.min}–${LINK_TTL_MINUTES.max} minutes (got ${ttl}).`,
        );
      }
      return ctx.directory.createConnectLink({
        instanceId,
        tenantId: record.tenantId,
        expiresAt: new Date(Date.now() + ttl * 60_000),
        returnUrl: await checkReturnUrl(ctx, record.tenantId, returnUrl),
      });
    },
  }),
  revokeConnectLinks: t.int({
    description:
      'Revokes every open link of an instance; their pages stop working and their streams end ' +
      'at once. Returns how many were revoked.',
    authScopes: { authenticated: true },
    args: instanceIdArgs,
    resolve: async (_root, { instanceId }, ctx) => {
      await assertVisibleInstance(ctx, instanceId);
      return ctx.directory.revokeConnectLinks(instanceId);
    },
  }),
}));

builder.queryField('connectLinks', (t) =>
  t.field({
    type: [ConnectLinkRef],
    description: 'The connect links of an instance, newest first; never their tokens.',
    authScopes: { authenticated: true },
    args: instanceIdArgs,
    resolve: async (_root, { instanceId }, ctx) => {
      requireViewer(ctx);
      await assertVisibleInstance(ctx, instanceId);
      return ctx.directory.listConnectLinks(instanceId);
    },
  }),
);
