/** @private What the labeller reads: an event of the hub (`kind`) or of the wire (`__typename`). */
export interface LabelledEvent {
  kind?: string;
  __typename?: string;
  status?: string | null;
  reason?: string | null;
  healthy?: boolean | null;
  resumed?: boolean | null;
  session?: { status?: string | null } | null;
}

/**
 * @private The one compact label of an event for assertions and failure messages, for hub events
 * and wire events alike: `WORKING`, `Snapshot:STOPPED` (`:fresh` when not resumed),
 * `Disconnected:LOGGED_OUT`, `Health:false`, else the kind.
 */
export function labelOf(event: LabelledEvent): string {
  const kind = event.kind ?? event.__typename ?? '?';
  switch (kind) {
    case 'SessionSnapshot':
      return `Snapshot:${event.session?.status}${event.resumed === false ? ':fresh' : ''}`;
    case 'SessionStatusChanged':
      return `${event.status}`;
    case 'SessionDisconnected':
      return `Disconnected:${event.reason}`;
    case 'UpstreamHealthChanged':
      return `Health:${event.healthy}`;
    default:
      return kind;
  }
}
