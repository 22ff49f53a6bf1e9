import { requireViewer } from '../access';
import { builder } from '../builder';
import type { Viewer } from '../ports';

const ViewerRoleEnum = builder.enumType('ViewerRole', {
  description: 'What an API key may do.',
  values: {
    ADMIN: { description: 'The gateway admin key: every instance and the admin operations.' },
    TENANT: { description: 'A tenant key: only that tenant’s instances and their sessions.' },
  },
});

/** The GraphQL `Viewer` type: who the caller is. */
export const ViewerRef = builder.objectRef<Viewer>('Viewer').implement({
  description: 'The caller, as identified by its API key.',
  fields: (t) => ({
    role: t.field({
      type: ViewerRoleEnum,
      description: 'The role of the key.',
      resolve: (viewer) => (viewer.role === 'admin' ? 'ADMIN' : 'TENANT'),
    }),
    tenantId: t.id({
      nullable: true,
      description: 'The tenant a tenant key acts as; null for the admin key.',
      resolve: (viewer) => (viewer.role === 'tenant' ? viewer.tenantId : null),
    }),
  }),
});

builder.queryField('viewer', (t) =>
  t.field({
    type: ViewerRef,
    description: 'Who the caller is; UNAUTHENTICATED without a valid key, so it checks a key.',
    authScopes: { authenticated: true },
    resolve: (_root, _args, ctx) => requireViewer(ctx),
  }),
);
