import { iterateAbortably } from '../abortable';
import { assertVisibleInstance, requireViewer } from '../access';
import { builder } from '../builder';
import { enumValues } from '../enum-values';
import { endWithFinalError, StreamEnd } from '../final-error';
import type { DisconnectReason, EventSource, SessionEvent } from '../ports';

/** The GraphQL `EventSource` enum. */
export const EventSourceEnum = builder.enumType('EventSource', {
  description: 'How the gateway learned of an event.',
  values: enumValues<EventSource>({
    POLL: 'A `session/info` read from Wawp: by the gateway’s poller, by a query such as `sessionInfo` or the first snapshot of a subscription, or to confirm a webhook.',
    WEBHOOK: 'A webhook from Wawp (confirmed with Wawp before a disconnect is published).',
    GATEWAY:
      'The gateway itself: the answer to an action it sent (`startSession`, `logout`, the watchdog restarting a stuck session) or upstream health.',
  }),
});

/** The GraphQL `DisconnectReason` enum. */
export const DisconnectReasonEnum = builder.enumType('DisconnectReason', {
  description: 'Why a session lost its WhatsApp link or connection.',
  values: enumValues<DisconnectReason>({
    LOGGED_OUT: 'Logged out through the gateway (`logout`) or Wawp.',
    DEVICE_UNLINKED: 'The phone removed this linked device.',
    CONNECTION_LOST: 'The engine lost its connection to WhatsApp.',
    QR_EXPIRED: 'Nobody scanned the QR code or entered the pairing code in time.',
    UNKNOWN: 'Wawp did not say why.',
  }),
});

/** The GraphQL `SessionEvent` interface; the port's `kind` names the concrete type. */
export const SessionEventRef = builder.interfaceRef<SessionEvent>('SessionEvent').implement({
  description: 'One event of an instance’s session, in order per instance.',
  resolveType: (event) => event.kind,
  fields: (t) => ({
    cursor: t.exposeString('cursor', {
      description: 'Opaque and strictly increasing per instance; pass it as `after` to resume.',
    }),
    instanceId: t.exposeID('instanceId', { description: 'The instance it happened to.' }),
    occurredAt: t.expose('occurredAt', {
      type: 'DateTime',
      description: 'When it happened (or was first observed).',
    }),
    source: t.expose('source', { type: EventSourceEnum, description: 'How it was learned.' }),
  }),
});

builder.subscriptionField('sessionEvents', (t) =>
  t.field({
    type: SessionEventRef,
    description:
      'Live session events: a SessionSnapshot per instance first, then changes only. Resume ' +
      'with `after` to get exactly the events missed, then live ones.',
    authScopes: { authenticated: true, link: true },
    args: {
      instanceId: t.arg.id({
        description:
          'One instance to watch (NOT_FOUND if you may not see it); null = every ' +
          'instance you may see.',
      }),
      after: t.arg.string({
        description:
          'Resume strictly after this cursor; a cursor older than the retained ' +
          'history gets a SessionSnapshot with `resumed: false`.',
      }),
    },
    subscribe: async (_root, args, ctx) => {
      const viewer = requireViewer(ctx);
      const instanceId = args.instanceId ?? (viewer.role === 'link' ? viewer.instanceId : null);
      if (instanceId !== null) {
        await assertVisibleInstance(ctx, instanceId);
      }
      // An SSE client reconnecting by itself sends the last `id:` it saw as Last-Event-ID.
      const after = args.after ?? ctx.lastEventId ?? null;
      return endWithFinalError(
        iterateAbortably((signal) =>
          ctx.events.subscribe({
            viewer,
            instanceId,
            after,
            signal,
            onOverflow: ctx.onEventsOverflow,
            onRevoked: ctx.onKeyRevoked,
          }),
        ),
      );
    },
    resolve: (event) => {
      if (event instanceof StreamEnd) {
        throw event.error;
      }
      return event;
    },
  }),
);
