import { requireOwnTenant } from '../access';
import { normalizeBranding } from '../branding';
import { builder } from '../builder';
import { ErrorCode, gatewayError } from '../errors';
import type { TenantBranding } from '../ports';
import { TenantRef } from './tenant';

/** The GraphQL `TenantBranding` type. */
export const TenantBrandingRef = builder.objectRef<TenantBranding>('TenantBranding').implement({
  description: 'How the tenant’s end users see the connect page and widget.',
  fields: (t) => ({
    displayName: t.exposeString('displayName', {
      nullable: true,
      description: 'The name shown to end users.',
    }),
    logoDataUrl: t.exposeString('logoDataUrl', {
      nullable: true,
      description: 'A PNG, JPEG or WebP data URL, at most 64 KiB.',
    }),
    accentColor: t.exposeString('accentColor', { nullable: true, description: '`#RRGGBB`.' }),
    supportUrl: t.exposeString('supportUrl', {
      nullable: true,
      description: 'Where end users turn for help (https).',
    }),
    allowedReturnOrigins: t.exposeStringList('allowedReturnOrigins', {
      description: 'Origins a connect link’s `returnUrl` may point to.',
    }),
    allowedEmbedOrigins: t.exposeStringList('allowedEmbedOrigins', {
      description: 'Origins whose pages may embed the connect widget.',
    }),
  }),
});

builder.objectField(TenantRef, 'branding', (t) =>
  t.field({
    type: TenantBrandingRef,
    description: 'How its end users see the connect page.',
    resolve: (tenant) => tenant.branding,
  }),
);

const TenantBrandingInput = builder.inputType('TenantBrandingInput', {
  description: 'A whole branding: fields left out are cleared.',
  fields: (t) => ({
    displayName: t.string({ description: 'The name end users see, at most 80 characters.' }),
    logoDataUrl: t.string({
      description: 'A `data:image/png|jpeg|webp;base64,…` URL, at most 64 KiB decoded.',
    }),
    accentColor: t.string({ description: 'A colour written `#RRGGBB`.' }),
    supportUrl: t.string({ description: 'An https URL for help.' }),
    allowedReturnOrigins: t.stringList({
      description: 'Origins (`https://app.example.com`) a link’s `returnUrl` may point to.',
    }),
    allowedEmbedOrigins: t.stringList({
      description: 'Origins whose pages may embed the connect widget.',
    }),
  }),
});

builder.mutationField('updateTenantBranding', (t) =>
  t.field({
    type: TenantRef,
    description: 'Replaces the tenant’s branding. Admin, or the tenant itself.',
    authScopes: { authenticated: true },
    args: {
      tenantId: t.arg.id({ required: true, description: 'The tenant id.' }),
      input: t.arg({
        type: TenantBrandingInput,
        required: true,
        description: 'The whole branding; fields left out are cleared.',
      }),
    },
    resolve: async (_root, { tenantId, input }, ctx) => {
      await requireOwnTenant(ctx, tenantId);
      const branding = normalizeBranding(input);
      const updated = await ctx.directory.updateTenantBranding(tenantId, branding);
      if (!updated) {
        throw gatewayError(ErrorCode.NotFound, 'Tenant not found.');
      }
      return updated;
    },
  }),
);
