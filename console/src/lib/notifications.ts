import { createQuery } from '@urql/solid';
import { ErrorCode } from '@wawp-gateway/schema/protocol';
import type { Accessor } from 'solid-js';
import { graphql } from '../gql';
import type {
  NotificationEndpointInput,
  NotificationEndpointsQuery,
  NotificationKind,
} from '../gql/graphql';
import { type CommandResult, createCommand } from './createCommand';
import { describeError, ERROR_MESSAGES } from './errors';

const NotificationEndpoints = graphql(`
  query NotificationEndpoints($tenantId: ID!) {
    notificationEndpoints(tenantId: $tenantId) {
      id tenantId url kinds description includeConnectLink connectLinkTtlMinutes enabled
      disabledReason createdAt
    }
  }
`);
const CreateNotificationEndpoint = graphql(`
  mutation CreateNotificationEndpoint($tenantId: ID!, $input: NotificationEndpointInput!) {
    createNotificationEndpoint(tenantId: $tenantId, input: $input) {
      secret
      endpoint { id url }
    }
  }
`);
const UpdateNotificationEndpoint = graphql(`
  mutation UpdateNotificationEndpoint($id: ID!, $input: NotificationEndpointInput!) {
    updateNotificationEndpoint(id: $id, input: $input) {
      id url kinds description includeConnectLink connectLinkTtlMinutes enabled disabledReason
    }
  }
`);
const SetNotificationEndpointEnabled = graphql(`
  mutation SetNotificationEndpointEnabled($id: ID!, $enabled: Boolean!) {
    setNotificationEndpointEnabled(id: $id, enabled: $enabled) { id enabled disabledReason }
  }
`);
const DeleteNotificationEndpoint = graphql(`
  mutation DeleteNotificationEndpoint($id: ID!) { deleteNotificationEndpoint(id: $id) }
`);
const RotateNotificationSecret = graphql(`
  mutation RotateNotificationSecret($id: ID!) {
    rotateNotificationSecret(id: $id) { secret endpoint { id } }
  }
`);
const SendTestNotification = graphql(`
  mutation SendTestNotification($id: ID!) {
    sendTestNotification(id: $id) { id kind status createdAt }
  }
`);

/** One endpoint as the Notifications page lists it (never its secret). */
export type NotificationEndpointData = NotificationEndpointsQuery['notificationEndpoints'][number];

/** What each kind tells an integrator's backend, as the page names and explains it. */
export const NOTIFICATION_KINDS: readonly {
  kind: NotificationKind;
  label: string;
  explanation: string;
}[] = [
  {
    kind: 'SESSION_NEEDS_LINK',
    label: 'Needs link',
    explanation:
      'A session lost its WhatsApp link (unlinked, logged out, QR expired); can carry a fresh connect link.',
  },
  {
    kind: 'SESSION_LINKED',
    label: 'Linked',
    explanation: 'A session reached WORKING with a WhatsApp account.',
  },
  {
    kind: 'SESSION_STUCK',
    label: 'Stuck',
    explanation: 'A session stayed STARTING too long, or the watchdog restarted it.',
  },
  {
    kind: 'UPSTREAM_UNAVAILABLE',
    label: 'Wawp unavailable',
    explanation: 'Wawp stopped answering for this tenant’s instances.',
  },
  {
    kind: 'UPSTREAM_RECOVERED',
    label: 'Wawp recovered',
    explanation: 'Wawp answers again.',
  },
];

/** The readable name of a kind (`SESSION_NEEDS_LINK` → "Needs link"). */
export const kindLabel = (kind: NotificationKind): string =>
  NOTIFICATION_KINDS.find((k) => k.kind === kind)?.label ?? kind;

/** The secret of an endpoint, just made or rotated: kept in memory only, shown once. */
export interface ShownSecret {
  endpointId: string;
  secret: string;
  rotated: boolean;
}

/** `NOT_FOUND` here means the endpoint, not an instance (the error table speaks of instances). */
const ENDPOINT_GONE = 'No such endpoint: it was deleted, or belongs to another tenant.';
const aboutEndpoints = <T>(result: CommandResult<T>): CommandResult<T> =>
  !result.ok && result.message === ERROR_MESSAGES[ErrorCode.NotFound]({})
    ? { ...result, message: ENDPOINT_GONE }
    : result;

/**
 * The notification endpoints of one tenant: the list (reloaded after every change here, and by
 * `reload()`), and the commands on them, each resolving to a `CommandResult`. Call under urql's
 * `Provider`.
 */
export function createNotificationEndpoints(tenantId: Accessor<string>) {
  const [list, refetch] = createQuery({
    query: NotificationEndpoints,
    variables: () => ({ tenantId: tenantId() }),
    // an empty list carries no typename, so name it for cache invalidation
    context: { additionalTypenames: ['NotificationEndpoint'] },
  });
  const commands = {
    create: createCommand(CreateNotificationEndpoint, (d) => d.createNotificationEndpoint),
    update: createCommand(UpdateNotificationEndpoint, (d) => d.updateNotificationEndpoint),
    setEnabled: createCommand(
      SetNotificationEndpointEnabled,
      (d) => d.setNotificationEndpointEnabled,
    ),
    remove: createCommand(DeleteNotificationEndpoint, (d) => d.deleteNotificationEndpoint),
    rotate: createCommand(RotateNotificationSecret, (d) => d.rotateNotificationSecret),
    sendTest: createCommand(SendTestNotification, (d) => d.sendTestNotification),
  };
  const reload = () => refetch({ requestPolicy: 'network-only' });
  const then = async <T>(call: Promise<CommandResult<T>>) => {
    const result = aboutEndpoints(await call);
    if (result.ok) {
      reload();
    }
    return result;
  };
  return {
    endpoints: (): readonly NotificationEndpointData[] => list.data?.notificationEndpoints ?? [],
    loading: () => list.fetching && !list.data,
    error: () => describeError(list.error),
    /** Reads the list again (e.g. after a delivery failed: the gateway may have disabled one). */
    reload,
    busy: () => Object.values(commands).some((command) => command.busy()),
    /** Adds an endpoint; the answer holds its signing secret, which exists only there. */
    create: (input: NotificationEndpointInput) =>
      then(commands.create.run({ tenantId: tenantId(), input })),
    /** Replaces an endpoint's settings (not its secret). */
    update: (id: string, input: NotificationEndpointInput) =>
      then(commands.update.run({ id, input })),
    /** Enabling also clears why the gateway disabled it. */
    setEnabled: (id: string, enabled: boolean) => then(commands.setEnabled.run({ id, enabled })),
    /** Deletes it and its deliveries. */
    remove: (id: string) => then(commands.remove.run({ id })),
    /** A new secret; the old one keeps signing alongside it for 24 h. */
    rotate: (id: string) => then(commands.rotate.run({ id })),
    /** Queues a test notification; it then shows in the endpoint's delivery log. */
    sendTest: async (id: string) => aboutEndpoints(await commands.sendTest.run({ id })),
  };
}

export type NotificationEndpoints = ReturnType<typeof createNotificationEndpoints>;
