import { requireTenant } from '../access';
import { builder } from '../builder';
import type { ApiKeyRecord, IssuedApiKey } from '../ports';

/** The GraphQL `ApiKey` type: a key as issued, shown once. */
export const ApiKeyRef = builder.objectRef<IssuedApiKey>('ApiKey').implement({
  description:
    'A freshly issued tenant API key. `key` is shown only here, once: the gateway stores a hash.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The key id, for `revokeApiKey`.' }),
    tenantId: t.exposeID('tenantId', { description: 'The tenant the key acts as.' }),
    key: t.exposeString('key', {
      description: 'The secret, sent as `Authorization: Bearer <key>`. Store it now.',
    }),
    prefix: t.exposeString('prefix', { description: 'Its first characters, to tell keys apart.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was issued.' }),
  }),
});

/** The GraphQL `ApiKeyInfo` type: a key as listed, without the secret. */
export const ApiKeyInfoRef = builder.objectRef<ApiKeyRecord>('ApiKeyInfo').implement({
  description: 'An API key as listed for admins; the secret itself is never shown again.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The key id, for `revokeApiKey`.' }),
    tenantId: t.exposeID('tenantId', { description: 'The tenant the key acts as.' }),
    prefix: t.exposeString('prefix', { description: 'Its first characters, to tell keys apart.' }),
    createdAt: t.expose('createdAt', { type: 'DateTime', description: 'When it was issued.' }),
    revokedAt: t.expose('revokedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When it was revoked; null while it works.',
    }),
  }),
});

builder.mutationFields((t) => ({
  issueApiKey: t.field({
    type: ApiKeyRef,
    description: 'Issues a new API key for a tenant; NOT_FOUND for an unknown tenant. Admin.',
    authScopes: { admin: true },
    args: { tenantId: t.arg.id({ required: true, description: 'The tenant the key acts as.' }) },
    resolve: async (_root, { tenantId }, ctx) => {
      await requireTenant(ctx, tenantId);
      return ctx.directory.issueApiKey(tenantId);
    },
  }),
  revokeApiKey: t.boolean({
    description:
      'Revokes an API key at once, for every transport. True when this call revoked it; false ' +
      'when the id is unknown or the key was already revoked. Admin.',
    authScopes: { admin: true },
    args: { id: t.arg.id({ required: true, description: 'The key id (not the key).' }) },
    resolve: (_root, { id }, ctx) => ctx.directory.revokeApiKey(id),
  }),
}));
