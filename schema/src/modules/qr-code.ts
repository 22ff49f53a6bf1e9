import { assertVisibleInstance } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import type { QrCode } from '../ports';

/** The GraphQL `QrCode` type. */
export const QrCodeRef = builder.objectRef<QrCode>('QrCode').implement({
  description:
    'The QR code that links a WhatsApp account: scan it in WhatsApp > Linked devices. A secret.',
  fields: (t) => ({
    value: t.exposeString('value', { description: 'The string encoded in the QR code.' }),
    imageDataUrl: t.exposeString('imageDataUrl', {
      description: 'The QR code as a PNG `data:` URL, ready for an `<img src>`.',
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'DateTime',
      nullable: true,
      description: 'When WhatsApp rotates this code, if known; fetch or await a new one then.',
    }),
  }),
});

builder.queryField('qrCode', (t) =>
  t.field({
    type: QrCodeRef,
    nullable: true,
    description:
      'The current QR code; null unless the session is SCAN_QR_CODE. While Wawp rotates the ' +
      'code the error QR_REFRESHING carries `retryAfterMs`.',
    authScopes: { authenticated: true, link: true },
    args: instanceIdArgs,
    resolve: async (_root, { instanceId }, ctx) => {
      await assertVisibleInstance(ctx, instanceId);
      return ctx.sessions.getQrCode(instanceId);
    },
  }),
);
