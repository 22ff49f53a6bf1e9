import { assertVisibleInstance } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import { LINK_PAIRING_LIMIT } from '../connect-link-rules';
import { ErrorCode, gatewayError } from '../errors';
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
    authScopes: { authenticated: true, link: true },
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
      const phone = normalizePhoneNumber(phoneNumber);
      if (
        ctx.viewer?.role === 'link' &&
        !(await ctx.directory.tryCountLinkPairingCode(ctx.viewer.linkId))
      ) {
        throw gatewayError(
          ErrorCode.RateLimited,
          `At most ${LINK_PAIRING_LIMIT.codes} pairing codes per ${LINK_PAIRING_LIMIT.windowMinutes} minutes ` +
            'for one connect link (WhatsApp limits attempts too); wait a few minutes, or scan the QR code.',
          { retryAfterMs: LINK_PAIRING_LIMIT.windowMinutes * 60_000 },
        );
      }
      return ctx.sessions.requestPairingCode(instanceId, phone);
    },
  }),
);
