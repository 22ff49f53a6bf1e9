import { assertVisibleInstance } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import type { Account } from '../ports';

/** The GraphQL `Account` type: the WhatsApp account linked to a session. */
export const AccountRef = builder.objectRef<Account>('Account').implement({
  description: 'The WhatsApp account linked to a WORKING session.',
  fields: (t) => ({
    id: t.exposeID('id', { description: 'The WhatsApp id (JID), e.g. `201012345678@c.us`.' }),
    pushName: t.exposeString('pushName', {
      nullable: true,
      description: 'The display name the account chose, when WhatsApp shares it.',
    }),
  }),
});

builder.queryField('me', (t) =>
  t.field({
    type: AccountRef,
    nullable: true,
    description: 'The WhatsApp account linked to the instance; null unless the session is WORKING.',
    authScopes: { authenticated: true },
    args: instanceIdArgs,
    resolve: async (_root, { instanceId }, ctx) => {
      await assertVisibleInstance(ctx, instanceId);
      return ctx.sessions.getMe(instanceId);
    },
  }),
);
