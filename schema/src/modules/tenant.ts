import { requireTenant } from '../access';
import { builder } from '../builder';
import { InstanceRef } from '../loaders';
import type { TenantRecord } from '../ports';
import { normalizeTenantName } from '../validate';
import { ApiKeyInfoRef } from './api-key';

/** The GraphQL `Tenant` type. */
export const TenantRef = builder.objectRef<TenantRecord>('Tenant').implement({
  description: 'A customer of the gateway: it owns instances and holds API keys.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The tenant id.' }),
    name: t.exposeString('name', { description: 'The tenant’s name, 1–80 characters.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was created.' }),
    instances: t.field({
      type: [InstanceRef],
      description:
        'The instances this tenant owns; their `session` is the state the gateway holds.',
      resolve: (tenant, _args, ctx) => ctx.directory.listInstances({ tenantId: tenant.id }),
    }),
    apiKeys: t.field({
      type: [ApiKeyInfoRef],
      description:
        'The tenant’s API keys, revoked ones included; never the keys themselves. Admin.',
      authScopes: { admin: true },
      resolve: (tenant, _args, ctx) => ctx.directory.listApiKeys(tenant.id),
    }),
  }),
});

builder.queryFields((t) => ({
  tenants: t.field({
    type: [TenantRef],
    description: 'Every tenant. Admin.',
    authScopes: { admin: true },
    resolve: (_root, _args, ctx) => ctx.directory.listTenants(),
  }),
  tenant: t.field({
    type: TenantRef,
    description: 'One tenant; NOT_FOUND for an unknown id. Admin.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true, description: 'The tenant id.' }) },
    resolve: (_root, { id }, ctx) => requireTenant(ctx, id),
  }),
}));

builder.mutationField('createTenant', (t) =>
  t.field({
    type: TenantRef,
    description: 'Creates a tenant; give it instances with `assignInstance`. Admin.',
    authScopes: { admin: true },
    args: {
      name: t.arg.string({ required: true, description: 'Its name: 1–80 characters, trimmed.' }),
    },
    resolve: (_root, { name }, ctx) => ctx.directory.createTenant(normalizeTenantName(name)),
  }),
);
