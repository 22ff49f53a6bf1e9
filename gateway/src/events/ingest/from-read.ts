import type { SessionState } from '@wawp-gateway/schema';
import type { Observation } from '../types';

/**
 * The observation of a state read from Wawp (a poll, a query, a webhook's confirmation, an
 * action's answer). It is dated when the read was sent, on the gateway's clock; its mark is when
 * the answer arrived (the send time for a state without one), so webhooks Wawp emitted before the
 * read count as older, and those emitted while it was on its way as undecided (see `orderOf`).
 */
export function fromRead(state: SessionState): Observation {
  const { instanceId, status, me, observedAt } = state;
  const answeredAt = state.answeredAt ?? observedAt;
  return { instanceId, status, me, observedAt, answeredAt, upstreamTs: answeredAt.getTime() };
}
