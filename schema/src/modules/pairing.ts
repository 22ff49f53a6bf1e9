import { assertVisibleInstance } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import { normalizePhoneNumber } from '../phone-number';
import type { PairingCode } from '../ports';

/** The GraphQL `PairingCode` type. */
export const PairingCodeRef = builder.objectRef<PairingCode>('PairingCode').implement({
  description:
    'A code to link a WhatsApp account without scanning: WhatsApp > Linked devices > ' +
    'Link with phone number. A secret.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'Eight characters, grouped `XXXX-XXXX`.' }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When the code stops working, if known.',
    }),
  }),
});

builder.mutationField('requestPairingCode', (t) =>
  t.field({
    type: PairingCodeRef,
    description:
      'Requests a pairing code for the phone that will be linked. A STOPPED session is started ' +
      'first and the request waits (bounded) until it reaches SCAN_QR_CODE.',
    authScopes: { authenticated: true },
    args: {
      ...instanceIdArgs,
      phoneNumber: t.arg.string({
        required: true,
        description:
          'The phone number of the WhatsApp account, with its country code, as people type it: ' +
          '`+20 114 520 2826`, `0020 114-520-2826` or `201145202826`.',
      }),
    },
    resolve: async (_root, { instanceId, phoneNumber }, ctx) => {
      await assertVisibleInstance(ctx, instanceId);
      return ctx.sessions.requestPairingCode(instanceId, normalizePhoneNumber(phoneNumber));
    },
  }),
);
