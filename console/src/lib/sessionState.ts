import type { DisconnectReason, InstanceEventsSubscription, SessionStatus } from '../gql/graphql';
import { describeEvent } from './describeEvent';
import { mergeTimeline, type TimelineEntry, timelineKey } from './timeline';

export type SessionEventData = InstanceEventsSubscription['sessionEvents'];
type Snapshot = Extract<SessionEventData, { __typename: 'SessionSnapshot' }>;
export type AccountRef = NonNullable<Snapshot['session']['me']>;
export type QrCodeRef = NonNullable<Snapshot['qrCode']>;

/** What the Instance screen shows, folded from `sessionEvents` by `applySessionEvent`. */
export interface SessionView {
  /** The instance this view folds; `null` before the first event. */
  instanceId: string | null;
  /** `null` until the first snapshot arrives. */
  status: SessionStatus | null;
  me: AccountRef | null;
  /** The code to show now; replaced the moment a `QrCodeUpdated` arrives. */
  qrCode: QrCodeRef | null;
  /** True once the last QR expired unscanned (FAILED after SCAN_QR_CODE, or `QR_EXPIRED`). */
  qrExhausted: boolean;
  disconnectReason: DisconnectReason | null;
  /** Time of the last change seen. */
  changedAt: string | null;
  /** The gateway is serving last known state because Wawp is unreachable. */
  stale: boolean;
  /** From the last `UpstreamHealthChanged`; `null` until one arrives. */
  healthy: boolean | null;
  lastCursor: string | null;
  timeline: readonly TimelineEntry[];
}

export const EMPTY_SESSION_VIEW: SessionView = {
  instanceId: null,
  status: null,
  me: null,
  qrCode: null,
  qrExhausted: false,
  disconnectReason: null,
  changedAt: null,
  stale: false,
  healthy: null,
  lastCursor: null,
  timeline: [],
};

function withStatus(view: SessionView, status: SessionStatus): SessionView {
  const linking = status === 'STARTING' || status === 'SCAN_QR_CODE' || status === 'WORKING';
  return {
    ...view,
    status,
    qrCode: status === 'SCAN_QR_CODE' ? view.qrCode : null,
    me: status === 'WORKING' ? view.me : null,
    qrExhausted: status === 'FAILED' ? view.qrExhausted || view.status === 'SCAN_QR_CODE' : false,
    disconnectReason: linking ? null : view.disconnectReason,
  };
}

function applyKind(view: SessionView, event: SessionEventData): SessionView {
  switch (event.__typename) {
    case 'SessionSnapshot':
      return {
        ...withStatus(view, event.session.status),
        me: event.session.me ?? null,
        qrCode: event.qrCode ?? null,
        stale: event.session.stale,
      };
    case 'SessionStatusChanged':
      return withStatus(view, event.status);
    case 'QrCodeUpdated':
      return { ...withStatus(view, 'SCAN_QR_CODE'), qrCode: event.newQrCode };
    case 'SessionAuthenticated':
      return { ...view, me: event.me };
    case 'SessionDisconnected':
      return {
        ...view,
        me: null,
        disconnectReason: event.reason,
        qrExhausted: view.qrExhausted || event.reason === 'QR_EXPIRED',
      };
    case 'UpstreamHealthChanged':
      return { ...view, healthy: event.healthy, stale: !event.healthy };
  }
}

/**
 * Applies one event to the view (pure). Idempotent by cursor: an event already in the timeline (a
 * replay after reconnect) changes nothing, so state converges however often it is delivered.
 */
export function applySessionEvent(current: SessionView, event: SessionEventData): SessionView {
  // navigating to another instance re-subscribes; never mix two instances' state
  const view = current.instanceId === event.instanceId ? current : EMPTY_SESSION_VIEW;
  const key = timelineKey(event);
  if (view.timeline.some((entry) => entry.key === key)) {
    return view;
  }
  const entry: TimelineEntry = {
    key,
    cursor: event.cursor,
    instanceId: event.instanceId,
    occurredAt: event.occurredAt,
    source: event.source,
    ...describeEvent(event, view.lastCursor !== null),
  };
  return {
    ...applyKind(view, event),
    instanceId: event.instanceId,
    changedAt: event.occurredAt,
    lastCursor: event.cursor,
    timeline: mergeTimeline(view.timeline, [entry]),
  };
}
