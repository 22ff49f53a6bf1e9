import type { NotificationEndpointInput, NotificationKind } from '../gql/graphql';

/** The connect-link lifetime of an endpoint, in minutes, as the gateway accepts it. */
export const ENDPOINT_LINK_TTL = { default: 1440, min: 5, max: 1440 } as const;

/** What the form holds while it is edited: text as typed. */
export interface NotificationDraft {
  url: string;
  kinds: NotificationKind[];
  description: string;
  includeConnectLink: boolean;
  connectLinkTtlMinutes: string;
}

/** A field of the form, by its schema name. */
export type NotificationField = keyof NotificationDraft;

/** Problems to show beside a field, by the field's schema name. */
export type NotificationErrors = Partial<Record<NotificationField, string>>;

/** The form's schema field names, to tell a gateway field error of the form from another one. */
export const NOTIFICATION_FIELDS: ReadonlySet<string> = new Set<NotificationField>([
  'url',
  'kinds',
  'description',
  'includeConnectLink',
  'connectLinkTtlMinutes',
]);

/** A new endpoint's settings: told when a session needs a link and when it is linked. */
export const NEW_ENDPOINT_DRAFT: NotificationDraft = {
  url: '',
  kinds: ['SESSION_NEEDS_LINK', 'SESSION_LINKED'],
  description: '',
  includeConnectLink: true,
  connectLinkTtlMinutes: String(ENDPOINT_LINK_TTL.default),
};

/** The draft of an existing endpoint's settings, for "Edit". */
export function draftFromEndpoint(endpoint: {
  url: string;
  kinds: readonly NotificationKind[];
  description?: string | null;
  includeConnectLink: boolean;
  connectLinkTtlMinutes: number;
}): NotificationDraft {
  return {
    url: endpoint.url,
    kinds: [...endpoint.kinds],
    description: endpoint.description ?? '',
    includeConnectLink: endpoint.includeConnectLink,
    connectLinkTtlMinutes: String(endpoint.connectLinkTtlMinutes),
  };
}

/**
 * What the console can tell before asking the gateway: a URL that parses (https, or http for a
 * local receiver), at least one kind, a note of at most 200 characters, a whole lifetime in range.
 * The gateway checks again (e.g. that the address is public) and names the field it refuses.
 */
export function checkNotificationDraft(draft: NotificationDraft): NotificationErrors {
  const errors: NotificationErrors = {};
  const url = draft.url.trim();
  if (!url) {
    errors.url = 'Enter the URL of the receiver.';
  } else if (!/^https?:$/.test(parsedProtocol(url))) {
    errors.url = 'Enter a full https:// URL.';
  }
  if (draft.kinds.length === 0) {
    errors.kinds = 'Choose at least one kind.';
  }
  if ([...draft.description.trim()].length > 200) {
    errors.description = 'At most 200 characters.';
  }
  const ttl = draft.connectLinkTtlMinutes.trim();
  const minutes = Number(ttl);
  if (!/^\d+$/.test(ttl) || minutes < ENDPOINT_LINK_TTL.min || minutes > ENDPOINT_LINK_TTL.max) {
    errors.connectLinkTtlMinutes = `Enter a whole number of minutes from ${ENDPOINT_LINK_TTL.min} to ${ENDPOINT_LINK_TTL.max}.`;
  }
  return errors;
}

const parsedProtocol = (url: string) => {
  try {
    return new URL(url).protocol;
  } catch {
    return '';
  }
};

/** The `NotificationEndpointInput` of a checked draft; a blank note is sent as none. */
export function toEndpointInput(draft: NotificationDraft): NotificationEndpointInput {
  return {
    url: draft.url.trim(),
    kinds: [...draft.kinds],
    description: draft.description.trim() || null,
    includeConnectLink: draft.includeConnectLink,
    connectLinkTtlMinutes: Number(draft.connectLinkTtlMinutes.trim()),
  };
}
