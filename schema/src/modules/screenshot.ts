import { assertVisibleInstance } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import type { Screenshot } from '../ports';

/** The GraphQL `Screenshot` type. */
export const ScreenshotRef = builder.objectRef<Screenshot>('Screenshot').implement({
  description: 'What the WhatsApp engine of an instance currently shows.',
  fields: (t) => ({
    mimeType: t.exposeString('mimeType', { description: 'The image type, e.g. `image/png`.' }),
    dataUrl: t.exposeString('dataUrl', { description: 'The image as a `data:` URL.' }),
    takenAt: t.expose('takenAt', { type: 'DateTime', description: 'When it was taken.' }),
  }),
});

builder.queryField('screenshot', (t) =>
  t.field({
    type: ScreenshotRef,
    nullable: true,
    description:
      'A screenshot of the engine, useful when a login stalls; null where the engine has none.',
    authScopes: { authenticated: true },
    args: instanceIdArgs,
    resolve: async (_root, { instanceId }, ctx) => {
      await assertVisibleInstance(ctx, instanceId);
      return ctx.sessions.getScreenshot(instanceId);
    },
  }),
);
