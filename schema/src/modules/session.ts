import { assertVisibleInstance } from '../access';
import { instanceIdArgs } from '../args';
import { builder } from '../builder';
import { enumValues } from '../enum-values';
import { SessionInfoRef } from '../loaders';
import type { SessionStatus } from '../ports';
import { reserveSessionRead } from '../upstream-budget';
import { AccountRef } from './account';

/** The GraphQL `SessionStatus` enum. */
export const SessionStatusEnum = builder.enumType('SessionStatus', {
  description: 'Where a WhatsApp session is in its lifecycle (Wawp session statuses).',
  values: enumValues<SessionStatus>({
    STOPPED: 'Not running; `startSession` (or `requestPairingCode`) starts it.',
    STARTING: 'Starting; becomes SCAN_QR_CODE, WORKING or FAILED within seconds.',
    SCAN_QR_CODE: 'Waiting to be linked: scan `qrCode` or enter a pairing code on the phone.',
    WORKING: 'Linked to a WhatsApp account and connected.',
    FAILED: 'Failed to start or lost its link; restart it, or log out and link again.',
  }),
});

SessionInfoRef.implement({
  description: 'What the gateway knows of one instance’s WhatsApp session.',
  fields: (t) => ({
    instanceId: t.exposeID('instanceId', { description: 'The Wawp instance id.' }),
    status: t.expose('status', { type: SessionStatusEnum, description: 'The session status.' }),
    me: t.expose('me', {
      type: AccountRef,
      nullable: true,
      description: 'The linked WhatsApp account; null unless WORKING.',
    }),
    observedAt: t.expose('observedAt', {
      type: 'DateTime',
      description: 'When this state was read from Wawp or learned from a webhook.',
    }),
    stale: t.exposeBoolean('stale', {
      description:
        'True when this is not a fresh read: Wawp could not be reached and this is the last ' +
        'known state, or a list answered from the state the gateway holds and it is older than ' +
        'the 2 s poll floor (see observedAt).',
    }),
  }),
});

builder.queryField('sessionInfo', (t) =>
  t.field({
    type: SessionInfoRef,
    description:
      'The session of one instance. Reads are shared: many callers cost one Wawp request.',
    authScopes: { authenticated: true, link: true },
    args: instanceIdArgs,
    resolve: async (_root, { instanceId }, ctx) => {
      await assertVisibleInstance(ctx, instanceId);
      reserveSessionRead(ctx.sessions, instanceId);
      // Returning the id defers to the per-request loader: aliases cost one getSession call.
      return instanceId;
    },
  }),
);
